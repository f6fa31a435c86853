import { LOCALE_ID } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { App } from './app/app';
import { appConfig } from './app/app.config';

/** Starts the portal in the language main.ts chose (dates and numbers follow it through LOCALE_ID). */
export function startPortal(language: string): void {
  const providers = [...appConfig.providers, { provide: LOCALE_ID, useValue: language }];
  bootstrapApplication(App, { ...appConfig, providers }).catch((err: unknown) => console.error(err));
}
