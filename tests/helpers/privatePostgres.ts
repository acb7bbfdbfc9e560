import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where Debian puts PostgreSQL's server programs (initdb, pg_ctl); null when none is installed. */
export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'pg_ctl')));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * A PostgreSQL cluster of a test's own, on a free port of 127.0.0.1, that the test may stop, crash and
 * start again without touching the machine's PostgreSQL, which other suites share. initdb refuses to
 * run as root, so as root it runs as the `postgres` user.
 */
export class PrivatePostgres {
  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    readonly port: number,
    private readonly asUser: string[],
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** `settings` go to the server as `-c name=value` (e.g. a long wal_writer_delay). */
  static async start(settings: Record<string, string> = {}): Promise<PrivatePostgres> {
    const bin = postgresBin();
    if (!bin) throw new Error('No PostgreSQL server programs under /usr/lib/postgresql (install the postgresql package).');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-pg-'));
    const asUser = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
    if (asUser.length > 0) await run('chown', ['-R', 'postgres', dir]);
    const db = new PrivatePostgres(bin, dir, await freePort(), asUser);
    await db.exec('initdb', ['-D', db.data, '-U', 'postgres', '--auth=trust', '--no-sync']);
    fs.writeFileSync(
      path.join(db.data, 'postgresql.auto.conf'),
      Object.entries({ port: String(db.port), listen_addresses: "'127.0.0.1'", unix_socket_directories: `'${dir}'`, ...settings })
        .map(([k, v]) => `${k} = ${v}`)
        .join('\n') + '\n',
    );
    await db.startAgain();
    return db;
  }

  private get data(): string {
    return path.join(this.dir, 'data');
  }

  private async exec(program: string, args: string[]): Promise<void> {
    const [cmd, ...rest] = [...this.asUser, path.join(this.bin, program), ...args];
    await run(cmd!, rest, { timeout: 60_000 });
  }

  /** Starts the stopped cluster (waits until it accepts connections). */
  async startAgain(): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.data, '-l', path.join(this.dir, 'log'), '-w', 'start']);
  }

  /** Stops it; `immediate` is a crash as far as the data is concerned (no final flush, recovery at start). */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.data, '-m', mode, '-w', 'stop']);
  }

  /** Stops it and removes its files. */
  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
