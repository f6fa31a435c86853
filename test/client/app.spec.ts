import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, TitleStrategy, provideRouter } from '@angular/router';
import { App } from '../../client/app/app';
import { routes } from '../../client/app/app.routes';
import { PortalTitleStrategy } from '../../client/app/portal-title-strategy';
import { query, text } from './support/dom';
import { electionInfo } from './support/elections';

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
    const el = fixture.nativeElement as HTMLElement;
    await TestBed.inject(Router).navigateByUrl('/');
    // The shell asks at start and the vote page again (the phase may have moved): answer each.
    for (let round = 0; round < 2; round++) {
      for (const req of http.match('/api/election')) req.flush(electionInfo({ parties: ['Red', 'Green'] }));
      await fixture.whenStable();
    }

    for (const path of ['/vote', '/verify', '/results', '/explorer', '/admin']) {
      expect(query(el, `nav a[href="${path}"]`)).toBeTruthy();
    }
    expect(text(el, '#site-election-title')).toBe('Board election 2026');
    expect(TestBed.inject(Router).url).toBe('/vote');
    expect(query(el, 'a[href="/vote"]').getAttribute('aria-current')).toBe('page');
    expect(query<HTMLSelectElement>(el, '#party').options).toHaveLength(2);
    expect(document.title).toBe('Vote · Board election 2026');
    http.verify();
  });

  it('ends the header with the language switch, after the navigation, whose links name every page', async () => {
    const fixture = TestBed.createComponent(App);
    const http = TestBed.inject(HttpTestingController);
    const el = fixture.nativeElement as HTMLElement;
    for (const req of http.match('/api/election')) req.flush(electionInfo());
    await fixture.whenStable();

    const header = query(el, '.site-header__inner');
    const parts = Array.from(header.children).map((child) => child.className.split(' ')[0]);
    expect(parts).toEqual(['site-brand', 'site-nav', 'site-language']);
    expect(query(el, '.site-language select')).toBeTruthy();
    const nav = query(el, 'nav.site-nav');
    expect(nav.getAttribute('aria-label')).toBe('Main');
    expect(Array.from(nav.querySelectorAll('a')).map((a) => a.textContent?.trim())).toEqual([
      'Vote',
      'Verify',
      'Results',
      'Explorer',
      'Admin',
    ]);
    expect(text(el, '.skip-link')).toBe('Skip to content');
  });
});
