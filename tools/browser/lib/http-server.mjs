// A small HTTP server on 127.0.0.1 and a free port, for pages the tests serve themselves (the test
// application, the framing page) and for the hostile authorization server. Closed when the test ends.

import { createServer } from 'node:http';
import { onCleanup } from './harness.mjs';

/// handler(request, url, body) returns {status?, headers?, body?}; resolves with {baseUrl, close}.
export async function startHttpServer(handler) {
  const server = createServer(async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const url = new URL(request.url, `http://${request.headers.host}`);
    let answer;
    try {
      answer = (await handler(request, url, Buffer.concat(chunks).toString('utf8'))) ?? { status: 404, body: 'not found' };
    } catch (err) {
      answer = { status: 500, body: `test server error: ${err.message}` };
    }
    response.writeHead(answer.status ?? 200, { 'Cache-Control': 'no-store', ...answer.headers });
    response.end(answer.body ?? '');
  });
  await new Promise((done, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', done);
  });
  const close = () => new Promise((done) => {
    server.closeAllConnections();
    server.close(() => done());
  });
  onCleanup(close);
  return { baseUrl: `http://127.0.0.1:${server.address().port}`, close };
}

export const html = (body, headers = {}) => ({ headers: { 'Content-Type': 'text/html; charset=utf-8', ...headers }, body });
