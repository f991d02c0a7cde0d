/** @jsxImportSource preact */
import { render } from 'preact';
import './guest.css';
import { GuestApp } from './app';
import { language } from './i18n';

const root = document.getElementById('root');
if (!root) throw new Error('guest.html must contain <div id="root">');
// The menu's prices need the browser's number data (ICU), whose first use costs a phone tens of milliseconds.
// Loaded here, before the first drawing, it overlaps the menu's request still on the network, and the tasks that
// draw the menu once it is there stay short. (A worker loading it on another core was tried: on a two-core phone
// it took that time from this thread all the same, and its script came too late.)
new Intl.NumberFormat(language.value, { style: 'currency', currency: 'EUR' }).format(0);
render(<GuestApp />, root);
