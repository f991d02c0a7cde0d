// The TypeScript example of docs/integrating.md, kept here so the test's tsc run checks it against the
// generated types (only the import path differs). Type-checked only, never run.
import createClient from 'openapi-fetch';
import type { paths } from './generated/plato-api.ts';

const plato = createClient<paths>({ baseUrl: 'https://order.example.org' });
// In Node, fetch keeps no cookies: send back the one sign-in set.
const login = await plato.POST('/api/v1/auth/login', {
  body: { restaurant: 'chez-marie', email: 'manager@chez-marie.example', password: process.env.PLATO_PASSWORD! },
});
if (!login.data) throw new Error(login.error.code);
const cookie = login.response.headers.getSetCookie()[0]!.split(';')[0]!;

const { data, error } = await plato.GET('/api/v1/audit', {
  params: { query: { action: 'payment.recorded', limit: 50 } },
  headers: { cookie },
});
if (error) throw new Error(`${error.status} ${error.code}: ${error.detail}`);
for (const entry of data.entries) console.log(entry.at, entry.actorLabel, entry.action);
