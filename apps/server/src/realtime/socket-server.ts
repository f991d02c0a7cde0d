import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';

/** Attaches Socket.IO to the app's HTTP server (same port, path /socket.io). */
export async function attachSocketServer(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
