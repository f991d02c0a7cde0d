/** The staff shell's strings: header, home, sign-in, "not allowed" (English fills any gap in another catalog). */
export const en = {
  language: 'Language',
  nav: {
    label: 'Staff',
    floor: 'Floor',
    kitchen: 'Kitchen',
    till: 'Till',
    backOffice: 'Back office',
    reports: 'Reports',
  },
  signOut: 'Sign out',
  home: {
    hello: 'Hello, {{name}}',
    signedInAs: 'Signed in as {{name}} ({{role}})',
    floor: 'The floor: tables, calls and orders',
    kitchen: 'Kitchen display',
    expo: 'Expo (the pass)',
    till: 'Open the till',
    backOffice: 'Back office: menu, tables and QR codes, staff, settings, audit log',
    reports: 'Reports: sales, tax, tips and kitchen times',
  },
  notAllowed: {
    title: 'Not allowed',
    body: 'Your role may not use the {{page}}. Ask a manager if you need it.',
    back: 'Back to staff home',
  },
  signIn: {
    title: 'Staff sign in',
    intro: 'Sign in with the account your restaurant gave you.',
    failed: 'Could not sign in',
    restaurant: 'Restaurant',
    email: 'Email',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
  },
};
export type ShellCatalog = typeof en;
