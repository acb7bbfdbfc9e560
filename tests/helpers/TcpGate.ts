import net from 'node:net';

/**
 * A TCP proxy in front of a service (Redis, PostgreSQL) that a test can cut: `close()` drops every
 * connection and refuses new ones, `open()` lets them through again. The service itself keeps
 * running, so a test can make it unreachable for one server process without disturbing anyone else.
 */
export class TcpGate {
  private passing = true;
  private constructor(
    private readonly server: net.Server,
    readonly port: number,
    private readonly sockets: Set<net.Socket>,
  ) {}

  static async to(target: string): Promise<TcpGate> {
    const { hostname, port } = new URL(target);
    const sockets = new Set<net.Socket>();
    let gate: TcpGate | null = null;
    const server = net.createServer((client) => {
      if (!gate?.passing) {
        client.destroy();
        return;
      }
      const upstream = net.connect({ host: hostname, port: Number(port) });
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    gate = new TcpGate(server, (server.address() as net.AddressInfo).port, sockets);
    return gate;
  }

  /** `target` with its host and port replaced by the gate's. */
  url(target: string): string {
    const u = new URL(target);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  close(): void {
    this.passing = false;
    for (const s of this.sockets) s.destroy();
  }

  open(): void {
    this.passing = true;
  }

  async shutdown(): Promise<void> {
    this.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
