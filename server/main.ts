import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, CONFIG_HELP, ConfigError, loadConfig } from './common/app-config';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';

export async function startNode(config: AppConfig): Promise<NestExpressApplication> {
  const logger = new ConsoleLogger({ json: config.logFormat === 'json', prefix: 'ballotchain' });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config), { bodyParser: false, logger, abortOnError: false });
  configureApp(app);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  logger.log({ msg: 'node started', url: config.publicUrl, port: config.port, dataDir: config.dataDir, election: config.election.title }, 'Main');
  return app;
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
    await startNode(config);
  } catch (e) {
    process.stderr.write(`The node could not start: ${(e as Error).message}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main();
