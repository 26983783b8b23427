import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AwsDispatcher } from './aws/dispatch';

/** IAM and EKS request bodies are small; anything larger is a client bug. */
const MAX_BODY_BYTES = 1024 * 1024;

export type RunningServer = { url: string; stop(): Promise<void> };

function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

/** The HTTP endpoint that serves EKS, IAM and STS on 127.0.0.1. */
export async function startAwsServer(options: {
  port: number;
  dispatcher: AwsDispatcher;
}): Promise<RunningServer> {
  const server = http.createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      if (body === undefined) {
        res
          .writeHead(413, { 'content-type': 'text/plain' })
          .end('Request body too large');
        return;
      }
      const rawUrl = req.url ?? '/';
      const queryStart = rawUrl.indexOf('?');
      const rawPath = queryStart < 0 ? rawUrl : rawUrl.slice(0, queryStart);
      const rawQuery = queryStart < 0 ? '' : rawUrl.slice(queryStart + 1);
      const response = await options.dispatcher.handle({
        method: req.method ?? 'GET',
        rawPath,
        rawQuery,
        query: new URLSearchParams(rawQuery),
        headers: req.headers,
        body,
      });
      res.writeHead(response.status, response.headers).end(response.body);
    } catch (error) {
      console.error('sandbox: failed to answer a request', error);
      if (!res.headersSent) res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        // SDK clients keep connections alive; without this close() would wait for them.
        server.closeAllConnections();
      }),
  };
}
