import type { ShellCatalog } from './en';

export const es: ShellCatalog = {
  language: 'Idioma',
  nav: {
    label: 'Personal',
    floor: 'Sala',
    kitchen: 'Cocina',
    till: 'Caja',
    backOffice: 'Administración',
    reports: 'Informes',
  },
  signOut: 'Cerrar sesión',
  home: {
    hello: 'Hola, {{name}}',
    signedInAs: 'Sesión iniciada como {{name}} ({{role}})',
    floor: 'La sala: mesas, llamadas y pedidos',
    kitchen: 'Pantalla de cocina',
    expo: 'Pase (expo)',
    till: 'Abrir la caja',
    backOffice: 'Administración: carta, mesas y códigos QR, personal, ajustes, registro',
    reports: 'Informes: ventas, impuestos, propinas y tiempos de cocina',
  },
  notAllowed: {
    title: 'No permitido',
    body: 'Tu rol no puede usar {{page}}. Pide acceso a un encargado si lo necesitas.',
    back: 'Volver al inicio',
  },
  signIn: {
    title: 'Acceso del personal',
    intro: 'Inicia sesión con la cuenta que te dio tu restaurante.',
    failed: 'No se pudo iniciar sesión',
    restaurant: 'Restaurante',
    email: 'Correo electrónico',
    password: 'Contraseña',
    submit: 'Iniciar sesión',
    submitting: 'Iniciando sesión…',
  },
};
