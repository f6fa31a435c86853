import 'reflect-metadata';
import type { AppConfig } from './common/app-config';
import { CONFIG_HELP } from './common/config-help';
import { ConfigError, loadConfig } from './common/load-config';
import { NodeLogger } from './common/node-logger';
import { type RunningNode, startNode } from './node-runner';

export async function runNode(config: AppConfig): Promise<RunningNode> {
  const logger = new NodeLogger({ format: config.logFormat, level: config.logLevel });
  const node = await startNode(config, { logger, shutdownHooks: true });
  if (node.mode === 'node') {
    logger.log({ msg: 'node started', url: config.publicUrl, port: config.port, dataDir: config.dataDir }, 'Main');
  }
  return node;
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(CONFIG_HELP);
    return;
  }
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  try {
    await runNode(config);
  } catch (e) {
    process.stderr.write(`The node could not start: ${(e as Error).message}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main();
