import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import { type ApplicationConfig, provideBrowserGlobalErrorListeners, provideZonelessChangeDetection } from '@angular/core';
import { TitleStrategy, provideRouter } from '@angular/router';
import { adminTokenInterceptor } from './api/admin-token';
import { routes } from './app.routes';
import { PortalTitleStrategy } from './portal-title-strategy';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideHttpClient(withFetch(), withInterceptors([adminTokenInterceptor])),
    provideRouter(routes),
    { provide: TitleStrategy, useClass: PortalTitleStrategy },
  ],
};
