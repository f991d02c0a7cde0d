import { Agent, request } from 'node:http';

export interface SlowAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface SlowRequest {
  /** Sends the rest of the body; the answer comes once the server has read it. */
  finish(): Promise<SlowAnswer>;
}

/**
 * A JSON request held in flight on a real port: it asks `Expect: 100-continue`,
 * so its start resolves only once the server has read the headers and taken
 * the request on (Node answers 100 as it hands the request to the app), then
 * sends half the body and keeps the rest until `finish`. Between the two the
 * server is inside the request, waiting for its body — what a slow client's
 * upload looks like when the server is told to stop. Like a browser, the
 * client keeps the connection open after the answer until the server closes it.
 */
export async function startSlowRequest(opts: {
  port: number;
  method: string;
  path: string;
  body: unknown;
  headers?: Record<string, string>;
}): Promise<SlowRequest> {
  const body = Buffer.from(JSON.stringify(opts.body));
  const half = Math.floor(body.length / 2);
  const req = request({
    agent: new Agent({ keepAlive: true }),
    host: '127.0.0.1',
    port: opts.port,
    method: opts.method,
    path: opts.path,
    headers: {
      ...opts.headers,
      'content-type': 'application/json',
      'content-length': String(body.length),
      expect: '100-continue',
    },
  });
  const answer = new Promise<SlowAnswer>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
  });
  // Kept from being an unhandled rejection until `finish` hands it over.
  answer.catch(() => {});
  await new Promise<void>((resolve, reject) => {
    req.once('continue', resolve);
    answer.then(() => reject(new Error('answered before 100 Continue')), reject);
  });
  await new Promise<void>((resolve, reject) =>
    req.write(body.subarray(0, half), (err) => (err ? reject(err) : resolve())),
  );
  return {
    finish() {
      req.end(body.subarray(half));
      return answer;
    },
  };
}
