import { IdParams, NoQuery, Problem, ReceiptLinkResponse, ReceiptTokenParams } from '@plato/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { PUBLIC, ROLES } from '../../http/access.ts';
import { requireStaff } from '../../http/request-context.ts';
import type { ReceiptDocument } from './receipt.document.ts';
import { RECEIPT_CSP, receiptHtml } from './receipt.html.ts';
import { renderReceiptPdf } from './receipt.pdf.ts';
import { linkReceipt, loadPublicReceipt, loadReceipt } from './receipts.service.ts';

const tags = ['billing'];
const reads = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };
// Documentation only: Fastify sends strings and buffers with a non-JSON type as they are.
const HtmlBody = z.string().meta({ description: 'A printable HTML page: inline CSS, no script' });
const PdfBody = z.instanceof(Buffer).meta({ description: 'The receipt as a PDF', type: 'string', format: 'binary' });

/** A receipt is someone's spending: never cached by a proxy, never indexed, and the page may load nothing else. */
function sendHtml(reply: FastifyReply, receipt: ReceiptDocument, pdfHref: string) {
  return reply
    .header('cache-control', 'private, no-store')
    .header('x-robots-tag', 'noindex')
    .header('content-security-policy', RECEIPT_CSP)
    .type('text/html; charset=utf-8')
    .send(receiptHtml(receipt, pdfHref));
}

async function sendPdf(reply: FastifyReply, receipt: ReceiptDocument, filename: string) {
  return reply
    .header('cache-control', 'private, no-store')
    .header('x-robots-tag', 'noindex')
    .header('content-disposition', `inline; filename="${filename}"`)
    .type('application/pdf')
    .send(await renderReceiptPdf(receipt));
}

export async function receiptsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/sessions/:id/receipt', {
    config: { access: ROLES.billReaders },
    schema: {
      tags,
      summary: "A session's receipt as a printable HTML page (an open session's reads as not final)",
      params: IdParams,
      querystring: NoQuery,
      produces: ['text/html'],
      response: { 200: HtmlBody, ...reads },
    },
    handler: async (request, reply) => {
      const receipt = await loadReceipt(ctx, requireStaff(request).restaurantId, request.params.id);
      return sendHtml(reply, receipt, 'receipt.pdf');
    },
  });

  r.get('/api/v1/sessions/:id/receipt.pdf', {
    config: { access: ROLES.billReaders },
    schema: {
      tags,
      summary: "A session's receipt as a PDF (names in any script print as written)",
      params: IdParams,
      querystring: NoQuery,
      produces: ['application/pdf'],
      response: { 200: PdfBody, ...reads },
    },
    handler: async (request, reply) => {
      const receipt = await loadReceipt(ctx, requireStaff(request).restaurantId, request.params.id);
      return sendPdf(reply, receipt, `receipt-${request.params.id}.pdf`);
    },
  });

  r.post('/api/v1/sessions/:id/receipt-link', {
    config: { access: ROLES.billReaders },
    schema: {
      tags,
      summary:
        "A new link to a closed session's receipt for the guest, working until 24 h after the close; 409 while open or after that",
      params: IdParams,
      querystring: NoQuery,
      response: { 200: ReceiptLinkResponse, ...reads, 409: Problem },
    },
    handler: async (request) => linkReceipt(ctx, requireStaff(request).restaurantId, request.params.id),
  });

  r.get('/api/v1/public/receipts/:receiptToken', {
    config: { access: PUBLIC },
    schema: {
      tags: ['public'],
      summary:
        'The receipt a guest was handed a link to (HTML; add `.pdf` for the PDF), until 24 h after the session closed; then 404',
      params: ReceiptTokenParams,
      querystring: NoQuery,
      produces: ['text/html', 'application/pdf'],
      response: { 200: HtmlBody.or(PdfBody), 400: Problem, 404: Problem },
    },
    handler: async (request, reply) => {
      // One route for both: tokens are base64url, so a ".pdf" ending is never part of one.
      const { receiptToken } = request.params;
      const pdf = receiptToken.endsWith('.pdf');
      const token = pdf ? receiptToken.slice(0, -'.pdf'.length) : receiptToken;
      const receipt = await loadPublicReceipt(ctx, token);
      return pdf ? sendPdf(reply, receipt, 'receipt.pdf') : sendHtml(reply, receipt, `${token}.pdf`);
    },
  });
}
