import http from 'node:http';

/**
 * A lean HTTP/1.1 client over Node's own `http` with keep-alive, so each
 * load-generator worker reuses one connection as a browser would (undici is
 * not installed as a package here, and global fetch costs more per request).
 */

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body as sent (still compressed when the answer has a Content-Encoding). */
  bytes: Buffer;
}

export interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** Serialised with JSON.stringify unless already a string or a Buffer. */
  body?: unknown;
  headers?: Record<string, string>;
}

export class HttpClient {
  readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string, connections: number) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  request(call: Call): Promise<Answer> {
    const payload =
      call.body === undefined
        ? undefined
        : typeof call.body === 'string' || Buffer.isBuffer(call.body)
          ? call.body
          : JSON.stringify(call.body);
    const headers: Record<string, string | number> = { ...call.headers };
    if (payload !== undefined) {
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: this.host, port: this.port, method: call.method, path: call.path, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const bytes = Buffer.concat(chunks);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString('utf8'), bytes });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** As `request`, but anything other than `expected` is an error carrying the answer. */
  async expect(call: Call, expected: number | number[]): Promise<Answer> {
    const res = await this.request(call);
    const ok = Array.isArray(expected) ? expected.includes(res.status) : res.status === expected;
    if (!ok) throw new Error(`${call.method} ${call.path} → ${res.status}: ${res.body.slice(0, 300)}`);
    return res;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The `name=value` of a Set-Cookie header, ready for a Cookie header. */
export function cookieFrom(res: Answer, name: string): string {
  const all = res.headers['set-cookie'] ?? [];
  const found = all.find((c) => c.startsWith(`${name}=`));
  if (!found) throw new Error(`no ${name} cookie in the answer (status ${res.status})`);
  return found.split(';')[0]!;
}

/**
 * A distinct client address per call, for `X-Forwarded-For` behind a trusted
 * proxy: the per-address PIN and sign-in limits then apply to each simulated
 * device, as they would to real guests behind a load balancer.
 */
export function addressSequence(prefix = 10): () => string {
  let n = 0;
  return () => {
    n += 1;
    return `${prefix}.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  };
}
