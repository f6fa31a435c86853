import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, TitleStrategy, provideRouter } from '@angular/router';
import { App } from '../../client/app/app';
import { routes } from '../../client/app/app.routes';
import { PortalTitleStrategy } from '../../client/app/portal-title-strategy';
import { query, text } from './support/dom';

describe('App shell', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter(routes),
        { provide: TitleStrategy, useClass: PortalTitleStrategy },
      ],
    });
  });

  it('links every page, shows the election title and opens the vote page at /', async () => {
    const fixture = TestBed.createComponent(App);
    const http = TestBed.inject(HttpTestingController);
    const el: HTMLElement = fixture.nativeElement;
    await TestBed.inject(Router).navigateByUrl('/');
    http.expectOne('/api/election').flush({
      title: 'Board election 2026',
      parties: ['Red', 'Green'],
      difficulty: 2,
      roll_size: null,
      digest: 'x',
    });
    await fixture.whenStable();

    for (const path of ['/vote', '/results', '/explorer', '/admin']) {
      expect(query(el, `nav a[href="${path}"]`)).toBeTruthy();
    }
    expect(text(el, '#election-title')).toBe('Board election 2026');
    expect(TestBed.inject(Router).url).toBe('/vote');
    expect(query(el, 'a[href="/vote"]').getAttribute('aria-current')).toBe('page');
    expect(query<HTMLSelectElement>(el, '#party').options).toHaveLength(2);
    expect(document.title).toBe('Vote · Board election 2026');
    http.verify();
  });
});
