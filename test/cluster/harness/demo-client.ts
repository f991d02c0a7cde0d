/**
 * A small HTTP client for the cluster tests and bench: the demo restaurant's
 * staff and guests, through nginx or straight to one process. No test-runner
 * imports, so the bench uses it too.
 */

export interface Answer {
  status: number;
  json: Record<string, unknown>;
  headers: Headers;
}

export const DEMO_PASSWORD = 'plato-demo';

export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(base + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = { text };
  }
  return { status: res.status, json, headers: res.headers };
}

export function cookieOf(headers: Headers, name: string): string {
  const found = headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  if (!found) throw new Error(`no ${name} cookie in the answer`);
  return found.split(';')[0]!;
}

function expectOk(what: string, answer: Answer, status = 200): Answer {
  if (answer.status !== status) throw new Error(`${what} → ${answer.status} ${JSON.stringify(answer.json)}`);
  return answer;
}

/** Signs in a demo staff member (`admin`, `waiter`, `chef`, `cashier`, `manager`) and answers the Cookie header. */
export async function signIn(base: string, who: string): Promise<string> {
  const answer = expectOk(
    `sign in ${who}`,
    await call(base, 'POST', '/api/v1/auth/login', {
      restaurant: 'demo',
      email: `${who}@demo.plato`,
      password: DEMO_PASSWORD,
    }),
  );
  return cookieOf(answer.headers, 'plato_staff');
}

export interface DemoTable {
  id: string;
  name: string;
  qrToken: string;
}

export async function demoTables(base: string, admin: string): Promise<DemoTable[]> {
  const answer = expectOk('list tables', await call(base, 'GET', '/api/v1/admin/tables', undefined, { cookie: admin }));
  return answer.json.tables as DemoTable[];
}

/** A waiter opens the table; answers the session and its PIN. */
export async function openTable(
  base: string,
  waiter: string,
  table: DemoTable,
  mode: 'FAMILY' | 'INDIVIDUAL' = 'FAMILY',
): Promise<{ sessionId: string; pin: string }> {
  const answer = expectOk(
    `open ${table.name}`,
    await call(base, 'POST', `/api/v1/tables/${table.id}/sessions`, { mode }, { cookie: waiter }),
    201,
  );
  return { sessionId: (answer.json.session as { id: string }).id, pin: answer.json.pin as string };
}

/** A phone joins with the PIN; answers its Cookie header. */
export async function joinTable(base: string, table: DemoTable, pin: string, name?: string): Promise<string> {
  const answer = expectOk(
    `join ${table.name}`,
    await call(base, 'POST', `/api/v1/public/tables/${table.qrToken}/join`, { pin, ...(name && { name }) }),
  );
  return cookieOf(answer.headers, 'plato_guest');
}

/** An item of the demo menu a guest can order with no choice to make. */
export async function plainItem(base: string, guest: string): Promise<{ id: string; priceCents: number }> {
  const answer = expectOk('read the menu', await call(base, 'GET', '/api/v1/guest/menu', undefined, { cookie: guest }));
  const items = (
    answer.json.categories as {
      items: { id: string; priceCents: number; available: boolean; modifierGroups: { min: number }[] }[];
    }[]
  ).flatMap((c) => c.items);
  const item = items.find((i) => i.available && i.modifierGroups.every((g) => g.min === 0));
  if (!item) throw new Error('the demo menu has no plain item');
  return item;
}
