// A tiny HTTP proxy for tests: it stands for the way out of a company network. Whatever host a
// client asks for, it connects to one upstream server (the fake OpenAI server), so a made-up host
// name that only the proxy can reach proves a request went through it. It records the target of
// each request: absolute-form requests (GET http://host/path) and CONNECT tunnels alike.
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export class CountingProxy {
  /** `host:port` of every request, in the order they came. */
  readonly targets: string[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: http.Server,
    private readonly upstream: { readonly host: string; readonly port: number },
  ) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('request', (request, response) => this.forward(request, response));
    server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => this.tunnel(request, client, head));
  }

  /** Starts on a free loopback port; every request goes on to `upstream` (an http://host:port URL). */
  static start(upstream: string): Promise<CountingProxy> {
    const { hostname, port } = new URL(upstream);
    const proxy = new CountingProxy(http.createServer(), { host: hostname, port: Number(port) });
    return new Promise((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(0, '127.0.0.1', () => resolve(proxy));
    });
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private forward(request: http.IncomingMessage, response: http.ServerResponse): void {
    const target = new URL(request.url ?? '/');
    this.targets.push(`${target.hostname}:${target.port || '80'}`);
    const onward = http.request({ ...this.upstream, method: request.method, path: target.pathname + target.search, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    onward.on('error', () => response.destroy());
    request.pipe(onward);
  }

  private tunnel(request: http.IncomingMessage, client: net.Socket, head: Buffer): void {
    this.targets.push(request.url ?? '');
    const onward = net.connect(this.upstream.port, this.upstream.host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      onward.write(head);
      onward.pipe(client);
      client.pipe(onward);
    });
    this.sockets.add(onward);
    onward.once('close', () => this.sockets.delete(onward));
    onward.on('error', () => client.destroy());
    client.on('error', () => onward.destroy());
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
