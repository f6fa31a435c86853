import { HttpErrorResponse } from '@angular/common/http';
import { firstValueFrom, of, throwError } from 'rxjs';
import { describeFailure, toApiFailure, toResult } from '../../../client/app/api/api-result';

describe('toApiFailure', () => {
  it('reads the node error body and joins validation messages', () => {
    const err = new HttpErrorResponse({
      status: 400,
      error: { statusCode: 400, error: 'bad-request', message: ['a is wrong', 'b is missing'] },
    });
    expect(toApiFailure(err)).toEqual({ status: 400, error: 'bad-request', message: 'a is wrong; b is missing' });
  });

  it('treats status 0 as an unreachable node', () => {
    const failure = toApiFailure(new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') }));
    expect(failure.error).toBe('unreachable');
    expect(describeFailure(failure)).toMatch(/^Node unreachable/);
  });

  it('falls back to the status when the body is not a node error (e.g. a proxy page)', () => {
    const failure = toApiFailure(new HttpErrorResponse({ status: 502, statusText: 'Bad Gateway', error: '' }));
    expect(failure).toEqual({ status: 502, error: 'http-502', message: 'Bad Gateway' });
    expect(describeFailure(failure)).toBe('Bad Gateway (HTTP 502, http-502)');
  });
});

describe('toResult', () => {
  it('wraps values and errors so subscriptions never error', async () => {
    await expect(firstValueFrom(of(1).pipe(toResult()))).resolves.toEqual({ ok: true, value: 1 });
    const failed = await firstValueFrom(
      throwError(() => new HttpErrorResponse({ status: 409, error: { error: 'duplicate-voter', message: 'dup' } })).pipe(toResult()),
    );
    expect(failed).toEqual({ ok: false, failure: { status: 409, error: 'duplicate-voter', message: 'dup' } });
  });
});
