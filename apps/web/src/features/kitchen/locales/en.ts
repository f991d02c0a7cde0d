import { en as allergenNames } from '../../../lib/allergen-names';
/** The kitchen screens' English strings; every other catalog has exactly these keys (`KitchenCatalog`). */
export const en = {
  title: 'Kitchen',
  expoTitle: 'Expo',
  nav: { label: 'Kitchen screens', tickets: 'Tickets', expo: 'Expo' },
  stations: { label: 'Station', all: 'All stations' },
  connection: {
    online: 'Connected',
    connecting: 'Connecting…',
    offline: 'Connection lost: reconnecting…',
  },
  sound: { label: 'Sound', on: 'Sound on', off: 'Sound off' },
  language: 'Language',
  signOut: 'Sign out',
  loading: 'Loading…',
  loadFailed: 'Could not load the tickets.',
  retry: 'Try again',
  board: {
    label: 'Open tickets',
    empty: 'No tickets waiting. New orders appear here by themselves.',
    count_one: '{{count}} ticket',
    count_other: '{{count}} tickets',
  },
  ticket: {
    heading: '{{table}} · #{{number}}',
    age: 'Age',
    held: 'Held',
    timing: { ON_TIME: 'On time', WARNING: 'Warning', LATE: 'Late', HELD: 'Course held' },
    bump: 'Bump #{{number}}',
    bumpLabel: 'Bump ticket #{{number}}, {{table}}: everything on it ready',
    allergens: 'Allergens: {{list}}',
    note: 'Note: {{note}}',
    voided: 'Voided',
    voidedReason: 'Voided: {{reason}}',
    course: 'Course {{course}}',
  },
  line: {
    status: { NEW: 'New', IN_PROGRESS: 'Cooking', READY: 'Ready', SERVED: 'Served', CANCELLED: 'Voided' },
    action: { start: 'Start', ready: 'Ready', recall: 'Back to cooking' },
    tap: 'Tap: {{action}}',
  },
  recall: { button: 'Recall last bumped', done: 'Recalled #{{number}} ({{table}})', nothing: 'Nothing to recall.' },
  allDay: { title: 'All day', empty: 'Nothing waiting.', item: '{{quantity}} × {{name}}' },
  recent: { title: 'Done in the last hour', empty: 'Nothing bumped in the last hour.', doneAt: 'Done {{time}}' },
  news: {
    newTicket: 'New ticket: {{table}}, #{{number}}',
    void: 'Voided on {{table}}, #{{number}}: {{reason}}',
  },
  expo: {
    label: 'Orders at the pass',
    empty: 'No orders at the pass.',
    allReady: 'All ready: take it to the table',
    waiting: 'Waiting for {{stations}}',
    order: '{{table}} · #{{number}}',
    stationStatus: '{{station}}: {{status}}',
    ticketStatus: { NEW: 'New', IN_PROGRESS: 'Cooking', READY: 'Ready', SERVED: 'Served', CANCELLED: 'Voided' },
  },
  allergen: allergenNames,
};

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type KitchenCatalog = Strings<typeof en>;
