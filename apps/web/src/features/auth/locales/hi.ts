import type { ShellCatalog } from './en';

export const hi: ShellCatalog = {
  language: 'भाषा',
  nav: {
    label: 'स्टाफ़',
    floor: 'फ़्लोर',
    kitchen: 'रसोई',
    till: 'कैश काउंटर',
    backOffice: 'बैक ऑफ़िस',
    reports: 'रिपोर्ट',
  },
  signOut: 'साइन आउट',
  home: {
    hello: 'नमस्ते, {{name}}',
    signedInAs: '{{name}} ({{role}}) के रूप में साइन इन',
    floor: 'फ़्लोर: टेबल, कॉल और ऑर्डर',
    kitchen: 'रसोई डिस्प्ले',
    expo: 'एक्सपो (पास)',
    till: 'कैश काउंटर खोलें',
    backOffice: 'बैक ऑफ़िस: मेन्यू, टेबल और QR कोड, स्टाफ़, सेटिंग, ऑडिट लॉग',
    reports: 'रिपोर्ट: बिक्री, कर, टिप और रसोई का समय',
  },
  notAllowed: {
    title: 'अनुमति नहीं',
    body: 'आपकी भूमिका {{page}} का उपयोग नहीं कर सकती। ज़रूरत हो तो मैनेजर से पूछें।',
    back: 'स्टाफ़ होम पर वापस',
  },
  signIn: {
    title: 'स्टाफ़ साइन इन',
    intro: 'अपने रेस्टोरेंट के दिए खाते से साइन इन करें।',
    failed: 'साइन इन नहीं हो सका',
    restaurant: 'रेस्टोरेंट',
    email: 'ईमेल',
    password: 'पासवर्ड',
    submit: 'साइन इन',
    submitting: 'साइन इन हो रहा है…',
  },
};
