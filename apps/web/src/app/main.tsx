import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import '../styles.css';
import { AppProvider } from './provider';
import { router } from './router';

const container = document.getElementById('root');
if (!container) throw new Error('index.html must contain <div id="root">');

createRoot(container).render(
  <AppProvider>
    <RouterProvider router={router} />
  </AppProvider>,
);
