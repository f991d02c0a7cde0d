/** @jsxImportSource preact */
import { render } from 'preact';
import './guest.css';
import { GuestApp } from './app';

const root = document.getElementById('root');
if (!root) throw new Error('guest.html must contain <div id="root">');
render(<GuestApp />, root);
