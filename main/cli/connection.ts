// The client commands' way to the running service (service.json + service-token in the data folder), and secrets read
// from standard input (never an argument: the process list shows arguments to every user of the PC).
import { resolveDataDir } from '../core/config/data-dir.ts';
import { connectToDataDir, type ApiConnection } from '../service/ws-client.ts';
import { portOption } from './args.ts';

export interface ConnectionValues {
  'data-dir'?: string | undefined;
  port?: string | undefined;
}

export async function withConnection<T>(values: ConnectionValues, run: (c: ApiConnection) => Promise<T>): Promise<T> {
  const port = portOption(values.port);
  const connection = await connectToDataDir(resolveDataDir(values['data-dir']), port === undefined ? {} : { port });
  try {
    return await run(connection);
  } finally {
    await connection.close();
  }
}

/** The first line of standard input. */
export async function readStdinLine(prompt: string): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write(prompt);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).includes(10)) break;
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}
