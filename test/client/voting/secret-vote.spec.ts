import { Buffer } from 'node:buffer';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { toString as qrCodeSvg } from 'qrcode';
import { browserSha256 } from '../../../client/app/shared/browser-sha256';
import { SecretVote } from '../../../client/app/voting/secret-vote';
import { SEALED_GROUP, VOTER_KIT, type VoterKit } from '../../../client/app/voting/voter-kit-loader';
import type { VoterInProgress, VoterReceipt } from '../../../client/app/voting/voter-vault';
import { WEB_CRYPTO_AVAILABLE } from '../../../client/app/voting/web-crypto';
import type { CredentialRequest, ElectionInfo, NodeStatus, ReceiptStatus } from '@api/http';
import type { SealedGroup } from '@protocol/sealed/group';
import type { SealedBallot, SealedChoice } from '@protocol/types';
import type { PreparedCredentialRequest } from '../../../voter/prepared-request';
import type { SealingKey } from '../../../voter/voter-kit';
import { click, query, text, typeInto } from '../support/dom';
import { sealedStatus, secretElection } from '../support/elections';
import { failNetwork, nodeError, waitForRequest } from '../support/http';
import { waitFor } from '../../support/wait';
import { FileDownload } from '../../../client/app/shared/file-download';
import { openRecoveryKit, sealRecoveryKit } from '../../../voter/recovery-kit';
import { expectNoneInStorage, lendNodeWebCrypto, sealFor, sealedFor, storageEntries } from './sealed-storage';

/*
 * The ballot's crypto itself is tested in test/voter with real keys; here a fake kit stands in, so these
 * tests are about the flow: what is stored when, what is sent, what the voter sees. The vault seals with
 * real WebCrypto (Node's, lent to jsdom).
 */

/** The fake kit never touches the group: it only has to be handed along. */
const GROUP = { implementation: 'none' } as SealedGroup;
const SEALING: SealingKey = { key: new Uint8Array(32), base: new Uint8Array(32), optionCount: 3 };

const election = secretElection();
const CODE = 'AAAA-1111';
const WRONG_CODE = 'BBBB-2222';
/** Where the earlier portal kept a voter's entry, in clear, under the voter ID. */
const legacyKey = (voterId: string, electionId = election.election_id) => `ballotchain.voter:${electionId}:${voterId}`;

const prepared: PreparedCredentialRequest = {
  electionId: election.election_id,
  ballotSecretKey: 'secret-key',
  ballotKey: 'ballot-key',
  blindedMessage: 'blinded-message',
  inv: 'inv',
};

/**
 * Option `option` as the `nth` sealing made in a test would hold it. A sealing is random: the fake tells
 * each one apart by its number, so a test sees whether a ballot was sent again or sealed afresh.
 */
function sealedChoice(option: number, nth: number): SealedChoice {
  return { entries: [], sum_proof: { challenge: `option-${option}`, response: `sealing-${nth}` } };
}

function fakeKit() {
  let sealings = 0;
  return {
    prepareCredentialRequest: jest.fn(() => Promise.resolve(prepared)),
    finishCredential: jest.fn(() => Promise.resolve('credential')),
    ballotTrackingCode: jest.fn((ballot: SealedBallot) => browserSha256(JSON.stringify(ballot))),
    sealingKeyOf: jest.fn(() => SEALING),
    sealChoiceFor: jest.fn((group: SealedGroup, sealing: SealingKey, request: PreparedCredentialRequest, option: number) => ({
      sealed: sealedChoice(option, ++sealings),
      randomness: [Uint8Array.of(option)],
    })),
    signSealedBallot: jest.fn((request: PreparedCredentialRequest, credential: string, sealed: SealedChoice): SealedBallot => ({
      type: 'sealed-ballot',
      sealed,
      ballot_key: request.ballotKey,
      credential,
      signature: `signature-over-${sealed.sum_proof.response}`,
    })),
    // An honest device: the randomness opens to the option sealed.
    openChallenge: jest.fn(
      (group: SealedGroup, sealing: SealingKey, sealed: SealedChoice, randomness: Uint8Array[]): number | null => randomness[0][0],
    ),
  } satisfies VoterKit;
}

/** The ballot for `party` the `nth` sealing of the test makes (the first, unless a test seals again). */
function ballotFor(party: string, nth = 1): SealedBallot {
  const sealed = sealedChoice(election.parties.indexOf(party), nth);
  return { type: 'sealed-ballot', sealed, ballot_key: 'ballot-key', credential: 'credential', signature: `signature-over-sealing-${nth}` };
}
const codeOf = (ballot: SealedBallot) => browserSha256(JSON.stringify(ballot));

/** What the browser keeps for the voter with this code, as the JSON sealed (either shape, so tests can read any field). */
async function stored(voterId: string, code = CODE): Promise<Partial<VoterInProgress & VoterReceipt> | null> {
  return (await sealedFor(election.election_id, voterId, code)) as Partial<VoterInProgress & VoterReceipt> | null;
}

const seal = (voterId: string, value: unknown, code = CODE) => sealFor(election.election_id, voterId, code, value);

/** GET /api/status of a node whose public address is `publicUrl`. */
function nodeStatus(publicUrl: string): NodeStatus {
  return {
    node_id: 'node-1',
    public_url: publicUrl,
    election: election.title,
    election_id: election.election_id,
    phase: 'open',
    height: 1,
    tip: 'f'.repeat(64),
    cumulative_work: 256,
    difficulty: 2,
    pending: 0,
    peers: 0,
    mining: false,
  };
}

/** Whether the receipt's QR code encodes `url` (qrcode is deterministic: the same text makes the same SVG). */
async function qrEncodes(url: string): Promise<boolean> {
  const svg = await qrCodeSvg(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return document.querySelector('#receipt-qr')?.getAttribute('src') === `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

describe('SecretVote', () => {
  lendNodeWebCrypto();

  let fixture: ComponentFixture<SecretVote>;
  let http: HttpTestingController;
  let el: HTMLElement;
  let kit: ReturnType<typeof fakeKit>;

  async function render(info: ElectionInfo = election): Promise<void> {
    fixture = TestBed.createComponent(SecretVote);
    fixture.componentRef.setInput('election', info);
    el = fixture.nativeElement as HTMLElement;
    // The shared store loads the election on first use.
    http.expectOne('/api/election').flush(info);
    await fixture.whenStable();
  }

  function configure(webCrypto: boolean): void {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: VOTER_KIT, useValue: () => Promise.resolve(kit) },
        { provide: SEALED_GROUP, useValue: () => Promise.resolve(GROUP) },
        // Says what the page would find in the browser: WebCrypto offered or withheld.
        { provide: WEB_CRYPTO_AVAILABLE, useValue: webCrypto },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  }

  beforeEach(() => {
    localStorage.clear();
    kit = fakeKit();
    configure(true);
  });

  /** The receipt asks where the node is reached; a test about something else answers with a public address. */
  function answerStatus(): void {
    for (const req of http.match('/api/status')) req.flush(nodeStatus('https://vote.example.org'));
  }

  afterEach(() => {
    answerStatus();
    http.verify();
    localStorage.clear();
    jest.restoreAllMocks();
  });

  /** A new page in the same browser: what localStorage holds is all that is left. */
  async function reload(): Promise<void> {
    answerStatus();
    http.verify();
    TestBed.resetTestingModule();
    configure(true);
    await render();
  }

  /**
   * Enters the voter ID and code (and a kit), and goes on to the credential request: past the kit step when the
   * page offers one (a voter without a kit or a stored credential), as a voter who does not save it would.
   */
  async function identify(voterId = 'v-001', code = CODE, kit?: string): Promise<TestRequest> {
    typeInto(el, '#voter-id', voterId);
    typeInto(el, '#activation-code', code);
    if (kit !== undefined) typeInto(el, '#recovery-kit-text', kit);
    click(el, '#request-credential');
    const next = await waitFor(
      () => http.match({ method: 'POST', url: '/api/credentials' })[0] ?? http.match({ method: 'POST', url: '/api/credentials/check' })[0],
      { what: 'the check before the kit step, or the credential request' },
    );
    if (next.request.url === '/api/credentials') return next;
    await passCheck(next);
    click(el, '#get-credential');
    return waitForRequest(http, { method: 'POST', url: '/api/credentials' });
  }

  /** The authority would answer the request: the kit step follows. */
  async function passCheck(check: TestRequest): Promise<void> {
    expect(Object.keys(check.request.body as object).sort()).toEqual(['blinded_message', 'code', 'voter_id']);
    check.flush(null, { status: 204, statusText: 'No Content' });
    await settle(() => el.querySelector('#get-credential') !== null, 'the kit step');
  }

  async function settle(condition: () => boolean, what: string): Promise<void> {
    await waitFor(condition, { what });
    await fixture.whenStable();
  }

  async function credentialGranted(req: TestRequest, resumed = false): Promise<void> {
    req.flush({ blind_signature: 'blind-signature', resumed }, { status: 201, statusText: 'Created' });
    await settle(() => el.querySelector('#party-0') !== null || el.querySelector('#tracking-code') !== null, 'the next step');
  }

  async function chooseAndConfirm(index: number): Promise<void> {
    click(el, `#party-${index}`);
    click(el, '#confirm-ballot');
    await fixture.whenStable();
  }

  async function castAndAccept(ballot: SealedBallot): Promise<void> {
    click(el, '#cast-ballot');
    const req = await waitForRequest(http, { method: 'POST', url: '/api/sealed-ballots' });
    expect(req.request.body).toEqual(ballot);
    req.flush({ message: 'accepted', tracking_code: codeOf(ballot) }, { status: 201, statusText: 'Created' });
    await settle(() => el.querySelector('#tracking-code') !== null, 'the receipt');
  }

  it('gets a credential, lets the voter choose and confirm, casts, and shows the receipt', async () => {
    await render();
    const req = await identify('v-001', ` ${CODE} `);
    expect(req.request.body).toEqual({ voter_id: 'v-001', code: CODE, blinded_message: 'blinded-message' });
    expect(kit.prepareCredentialRequest).toHaveBeenCalledWith(election.election_id, 'credential-key');
    await fixture.whenStable();
    expect(query<HTMLButtonElement>(el, '#get-credential').disabled).toBe(true);

    await credentialGranted(req);
    expect(kit.finishCredential).toHaveBeenCalledWith(prepared, 'blind-signature', 'credential-key');
    expect(text(el, '#vote-step')).toBe('Step 2 of 3: choose a party');
    expect(Array.from(el.querySelectorAll('label[for^="party-"]')).map((l) => l.textContent?.trim())).toEqual(['Red', 'Green', 'Blue']);

    click(el, '#confirm-ballot');
    await fixture.whenStable();
    expect(text(el, '#party-error')).toBe('Choose a party.');

    await chooseAndConfirm(1);
    expect(text(el, '#vote-step')).toBe('Step 3 of 3: check and cast');
    expect(text(el, '#chosen-party')).toBe('Green');

    click(el, '#change-choice');
    await fixture.whenStable();
    await chooseAndConfirm(2);
    expect(text(el, '#chosen-party')).toBe('Blue');

    await castAndAccept(ballotFor('Blue'));
    const code = codeOf(ballotFor('Blue'));
    expect(text(el, '#vote-accepted')).toContain('Your ballot for Blue was accepted');
    expect(text(el, '#tracking-code')).toBe(code);
    expect(query(el, '#verify-link').getAttribute('href')).toBe(`/verify/${code}`);
    // Once the node holds the ballot, the browser keeps the receipt and nothing that shows the choice.
    expect(await stored('v-001')).toEqual({ trackingCode: code });
    expect(JSON.stringify(localStorage)).not.toMatch(/Blue|secret-key|credential|blinded|inv/);

    // The QR code encodes the verify page for this code at the node's public address, which a phone reaches.
    (await waitForRequest(http, '/api/status')).flush(nodeStatus('https://vote.example.org'));
    await settle(() => el.querySelector('#receipt-qr') !== null, 'the QR code');
    expect(await qrEncodes(`https://vote.example.org/verify/${code}`)).toBe(true);
    expect(el.querySelector('#receipt-qr-local')).toBeNull();
    expect(text(el, '.receipt__qr figcaption')).toBe('Scan to check this ballot from another device.');
  });

  describe('the receipt’s QR code', () => {
    async function receiptWith(answer: (req: TestRequest) => void): Promise<string> {
      await render();
      await credentialGranted(await identify());
      await chooseAndConfirm(0);
      await castAndAccept(ballotFor('Red'));
      answer(await waitForRequest(http, '/api/status'));
      await settle(() => el.querySelector('#receipt-qr') !== null, 'the QR code');
      return codeOf(ballotFor('Red'));
    }

    it('says a loopback public address works on this computer only, and who sets PUBLIC_URL', async () => {
      const code = await receiptWith((req) => req.flush(nodeStatus('http://127.0.0.1:8000')));
      expect(await qrEncodes(`http://127.0.0.1:8000/verify/${code}`)).toBe(true);
      expect(text(el, '#receipt-qr-local')).toBe(
        `This QR code opens http://127.0.0.1:8000/verify/${code}, an address that works on this computer only: a phone that scans it ` +
          "will not reach this node. The node's operator sets PUBLIC_URL to the address other devices use. Meanwhile, keep the tracking code above.",
      );
    });

    it('uses the page’s own address when the node cannot say its public one', async () => {
      const code = await receiptWith((req) => failNetwork(req));
      // jsdom's page is http://localhost/: a loopback address, said so.
      expect(await qrEncodes(`http://localhost/verify/${code}`)).toBe(true);
      expect(el.querySelector('#receipt-qr-local')).not.toBeNull();
    });
  });

  it('stores the blinded request before sending it', async () => {
    await render();
    const req = await identify();
    expect(await stored('v-001')).toEqual({ request: prepared, credential: null, ballot: null });
    await credentialGranted(req);
    expect(await stored('v-001')).toEqual({ request: prepared, credential: 'credential', ballot: null });
  });

  it('resumes with the stored request: the authority answers the same blinded message again', async () => {
    const earlier = { ...prepared, blindedMessage: 'blinded-before-the-crash' };
    await seal('v-001', { request: earlier, credential: null, ballot: null, trackingCode: null });
    await render();
    const req = await identify();
    expect((req.request.body as CredentialRequest).blinded_message).toBe('blinded-before-the-crash');
    expect(kit.prepareCredentialRequest).not.toHaveBeenCalled();
    await credentialGranted(req, true);
    expect(kit.finishCredential).toHaveBeenCalledWith(earlier, 'blind-signature', 'credential-key');
  });

  it('keeps the requests of different voters apart', async () => {
    const someoneElse = { request: { ...prepared, blindedMessage: 'someone-else' }, credential: null, ballot: null, trackingCode: null };
    // The same code on purpose: the voter ID alone tells the entries apart.
    await seal('v-002', someoneElse);
    await render();
    const req = await identify('v-001');
    expect((req.request.body as CredentialRequest).blinded_message).toBe('blinded-message');
    req.flush(...nodeError(401, 'invalid-code', 'wrong code'));
    await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
    expect(await stored('v-002')).toEqual(someoneElse);
  });

  it('resumes after the credential: the stored credential is kept and the voter goes on to choose', async () => {
    await seal('v-001', { request: prepared, credential: 'credential', ballot: null });
    await render();
    const req = await identify();
    expect((req.request.body as CredentialRequest).blinded_message).toBe('blinded-message');
    await credentialGranted(req, true);
    expect(kit.finishCredential).not.toHaveBeenCalled();
    expect(text(el, '#vote-step')).toBe('Step 2 of 3: choose a party');
    await chooseAndConfirm(2);
    await castAndAccept(ballotFor('Blue'));
    expect(await stored('v-001')).toEqual({ trackingCode: codeOf(ballotFor('Blue')) });
  });

  it('shows the receipt of a ballot already cast from this browser, without the choice and without asking anyone', async () => {
    const code = codeOf(ballotFor('Red'));
    await seal('v-001', { trackingCode: code });
    await render();
    typeInto(el, '#voter-id', 'v-001');
    typeInto(el, '#activation-code', CODE);
    click(el, '#request-credential');
    await settle(() => el.querySelector('#tracking-code') !== null, 'the receipt');
    expect(text(el, '#tracking-code')).toBe(code);
    expect(text(el, '#vote-accepted')).toBe(
      "This browser already cast this voter's ballot. It kept only the receipt below, not the choice made.",
    );
    expect(text(el, '#vote-accepted')).not.toContain('Red');
    expect(kit.prepareCredentialRequest).not.toHaveBeenCalled();
    http.expectNone('/api/credentials');
    http.expectNone('/api/sealed-ballots');
  });

  describe('the recovery kit', () => {
    const other: PreparedCredentialRequest = {
      ...prepared,
      ballotKey: 'other-key',
      blindedMessage: 'other-blinded',
      ballotSecretKey: 'other-secret',
    };

    /** Up to the kit step, as a voter new to this browser. */
    async function toKitStep(voterId = 'v-001', code = CODE): Promise<string> {
      await render();
      typeInto(el, '#voter-id', voterId);
      typeInto(el, '#activation-code', code);
      click(el, '#request-credential');
      await passCheck(await waitForRequest(http, { method: 'POST', url: '/api/credentials/check' }));
      return query<HTMLTextAreaElement>(el, '#recovery-kit-output').value;
    }

    function readBlob(blob: Blob): Promise<string> {
      return new Promise((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(reader.result as string);
        reader.onerror = () => reject(reader.error ?? new Error('the blob could not be read'));
        reader.readAsText(blob);
      });
    }

    it('is offered before the credential is requested, optional: nothing is sent until the voter continues', async () => {
      const kitText = await toKitStep();
      expect(text(el, '#vote-step')).toBe('Step 1 of 3: save a recovery kit (recommended)');
      expect(text(el, '#recovery-kit-notice')).toContain('Saving it is optional: you can continue without it.');
      http.expectNone('/api/credentials');
      // The request it holds is the one stored, and about to be sent.
      expect(await stored('v-001')).toEqual({ request: prepared, credential: null, ballot: null });
      await expect(openRecoveryKit(kitText, election.election_id, 'v-001', CODE)).resolves.toEqual(prepared);
      expect(query<HTMLButtonElement>(el, '#get-credential').disabled).toBe(false);

      click(el, '#get-credential');
      const req = await waitForRequest(http, { method: 'POST', url: '/api/credentials' });
      expect(req.request.body).toEqual({ voter_id: 'v-001', code: CODE, blinded_message: 'blinded-message' });
      await credentialGranted(req);
      expect(text(el, '#vote-step')).toBe('Step 2 of 3: choose a party');
    });

    it('is not offered for a wrong code: the refusal comes first, and nothing is left behind', async () => {
      await render();
      typeInto(el, '#voter-id', 'v-001');
      typeInto(el, '#activation-code', WRONG_CODE);
      click(el, '#request-credential');
      const check = await waitForRequest(http, { method: 'POST', url: '/api/credentials/check' });
      expect(check.request.body).toEqual({ voter_id: 'v-001', code: WRONG_CODE, blinded_message: 'blinded-message' });
      check.flush(...nodeError(401, 'invalid-code', 'wrong code'));
      await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
      expect(text(el, '#vote-outcome')).toContain('Wrong voter ID or activation code.');
      expect(el.querySelector('#get-credential')).toBeNull();
      expect(el.querySelector('#recovery-kit-output')).toBeNull();
      http.expectNone('/api/credentials');
      expect(await stored('v-001', WRONG_CODE)).toBeNull();
    });

    it('is not offered once a credential went to another request: both cases are said instead', async () => {
      await render();
      typeInto(el, '#voter-id', 'v-001');
      typeInto(el, '#activation-code', CODE);
      click(el, '#request-credential');
      (await waitForRequest(http, { method: 'POST', url: '/api/credentials/check' })).flush(
        ...nodeError(409, 'credential-already-issued', 'issued'),
      );
      await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
      expect(el.querySelector('#recovery-kit-output')).toBeNull();
      expect(text(el, '#vote-outcome')).toContain('If you have voted, you are done');
      expect(text(el, '#vote-outcome')).toContain('If you have not voted yet, add the recovery kit you saved there');
      http.expectNone('/api/credentials');
    });

    it('downloads as a file that names neither the voter nor the election, and ends with the kit', async () => {
      const saved: { data: Blob; name: string }[] = [];
      jest.spyOn(TestBed.inject(FileDownload), 'save').mockImplementation((data, name) => void saved.push({ data, name }));
      const kitText = await toKitStep();
      click(el, '#download-recovery-kit');
      expect(saved.map((f) => f.name)).toEqual(['recovery-kit.txt']);
      const file = await readBlob(saved[0].data);
      expect(file.trimEnd().endsWith(kitText)).toBe(true);
      for (const secret of ['v-001', CODE, election.election_id, election.title, 'blinded-message', 'secret-key']) {
        expect(file.toLowerCase()).not.toContain(secret.toLowerCase());
      }
      await expect(openRecoveryKit(file, election.election_id, 'v-001', CODE)).resolves.toEqual(prepared);
    });

    it('copies as text, or says to copy it by hand', async () => {
      const writeText = jest.fn(() => Promise.resolve());
      Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
      try {
        const kitText = await toKitStep();
        click(el, '#copy-recovery-kit');
        await settle(() => text(el, '#copy-recovery-kit') === 'Copied', 'Copied');
        expect(writeText).toHaveBeenCalledWith(kitText);
        writeText.mockImplementation(() => Promise.reject(new Error('denied')));
        click(el, '#copy-recovery-kit');
        await settle(() => text(el, '#recovery-kit-notice').includes('did not allow copying'), 'the hint');
      } finally {
        Reflect.deleteProperty(navigator, 'clipboard');
      }
    });

    it('is not offered to a voter whose credential is already in this browser', async () => {
      await seal('v-001', { request: prepared, credential: 'credential', ballot: null });
      await render();
      const req = await identify();
      expect(el.querySelector('#recovery-kit-notice')).toBeNull();
      await credentialGranted(req, true);
      expect(text(el, '#vote-step')).toBe('Step 2 of 3: choose a party');
    });

    it('from another browser: sends the kit’s request, skips the kit step, and the voter votes with it', async () => {
      const kitText = await sealRecoveryKit(other, 'v-001', CODE);
      await render();
      // A voter types their ID in another case than the first time: the kit opens all the same.
      const req = await identify('V-001', CODE, kitText);
      expect(req.request.body).toEqual({ voter_id: 'V-001', code: CODE, blinded_message: 'other-blinded' });
      expect(kit.prepareCredentialRequest).not.toHaveBeenCalled();
      expect(await stored('v-001')).toEqual({ request: other, credential: null, ballot: null });
      await credentialGranted(req, true);
      expect(kit.finishCredential).toHaveBeenCalledWith(other, 'blind-signature', 'credential-key');
      await chooseAndConfirm(0);
      await castAndAccept({ ...ballotFor('Red'), ballot_key: 'other-key' });
      expect(await stored('v-001')).toEqual({ trackingCode: codeOf({ ...ballotFor('Red'), ballot_key: 'other-key' }) });
    });

    it('from a file: reads it into the kit field', async () => {
      const kitText = await sealRecoveryKit(other, 'v-001', CODE);
      await render();
      const input = query<HTMLInputElement>(el, '#recovery-kit-file');
      const file = new File([`Ballotchain recovery kit.\n\n${kitText}\n`], 'recovery-kit.txt', { type: 'text/plain' });
      // jsdom's File has no text(): the page reads what browsers give it.
      Object.defineProperty(file, 'text', { value: () => readBlob(file) });
      Object.defineProperty(input, 'files', { value: [file], configurable: true });
      input.dispatchEvent(new Event('change'));
      await settle(() => query<HTMLTextAreaElement>(el, '#recovery-kit-text').value.includes(kitText), 'the kit read');
      expect(text(el, '#recovery-kit-file-status')).toBe('Read recovery-kit.txt: its text is below.');
      const req = await identify('v-001', CODE);
      expect(req.request.body).toEqual({ voter_id: 'v-001', code: CODE, blinded_message: 'other-blinded' });
      req.flush(...nodeError(401, 'invalid-code', 'wrong'));
    });

    it.each([
      [
        'a kit of another code',
        () => sealRecoveryKit(other, 'v-001', WRONG_CODE),
        'This recovery kit does not open with this voter ID and activation code.',
      ],
      [
        'a kit of another voter',
        () => sealRecoveryKit(other, 'v-002', CODE),
        'This recovery kit does not open with this voter ID and activation code.',
      ],
      ['a kit of another election', () => sealRecoveryKit({ ...other, electionId: 'f'.repeat(64) }, 'v-001', CODE), 'does not open'],
      ['text that is no kit', () => Promise.resolve('my notes'), 'This is not a recovery kit.'],
    ])('says so, and sends nothing, for %s', async (_what, make, expected) => {
      const kitText = await make();
      await render();
      typeInto(el, '#voter-id', 'v-001');
      typeInto(el, '#activation-code', CODE);
      typeInto(el, '#recovery-kit-text', kitText);
      click(el, '#request-credential');
      await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
      expect(text(el, '#vote-outcome')).toContain(expected);
      expect(text(el, '#vote-step')).toBe('Step 1 of 3: identify yourself');
      http.expectNone('/api/credentials');
      expect(storageEntries()).toEqual([]);
    });

    it('says when the credential went to another request than the kit’s, and points to the Verify page', async () => {
      const kitText = await sealRecoveryKit(other, 'v-001', CODE);
      await render();
      (await identify('v-001', CODE, kitText)).flush(...nodeError(409, 'credential-already-issued', 'issued'));
      await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
      expect(text(el, '#vote-outcome')).toContain(
        "A credential was already issued to this voter ID, for another request than this recovery kit's.",
      );
      expect(text(el, '#vote-outcome')).toContain('If you have voted, you are done');
      expect(query(el, '#verify-after-refusal a').getAttribute('href')).toBe('/verify');
    });

    it('without a kit, a credential issued elsewhere says both cases: voted and done, or how to recover', async () => {
      await render();
      (await identify()).flush(...nodeError(409, 'credential-already-issued', 'issued'));
      await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
      expect(text(el, '#vote-outcome')).toContain(
        'If you have voted, you are done: check your ballot with its tracking code on the Verify page.',
      );
      expect(text(el, '#vote-outcome')).toContain('If you have not voted yet, add the recovery kit you saved there');
      expect(query(el, '#verify-after-refusal a').getAttribute('href')).toBe('/verify');
      expect(query<HTMLDetailsElement>(el, '#recovery')).toBeTruthy();
    });
  });

  it('takes a voter ID in any case, with spaces around it, and finds the same entry whichever case is typed next', async () => {
    await render();
    // Sent at all: the format check took the ID without its spaces.
    const first = await identify(' V-001 ');
    expect(first.request.body).toEqual({ voter_id: 'V-001', code: CODE, blinded_message: 'blinded-message' });
    failNetwork(first);
    await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');

    await reload();
    const again = await identify('v-001');
    expect(again.request.body).toEqual({ voter_id: 'v-001', code: CODE, blinded_message: 'blinded-message' });
    expect(kit.prepareCredentialRequest).toHaveBeenCalledTimes(1);
    await credentialGranted(again, true);
  });

  describe('in a browser others use too', () => {
    /** Votes Red as v-001 with the right code, then reloads: the receipt is all that is kept. */
    async function votedThenReloaded(): Promise<string> {
      await render();
      await credentialGranted(await identify());
      await chooseAndConfirm(0);
      await castAndAccept(ballotFor('Red'));
      await reload();
      return codeOf(ballotFor('Red'));
    }

    it('shows nothing it keeps for a voter ID entered with a wrong code: the authority refuses the code', async () => {
      const code = await votedThenReloaded();
      const req = await identify('v-001', WRONG_CODE);
      // Nothing was found for this code: a new voter's request, which the authority checks.
      expect(req.request.body).toEqual({ voter_id: 'v-001', code: WRONG_CODE, blinded_message: 'blinded-message' });
      req.flush(...nodeError(401, 'invalid-code', 'wrong code'));
      await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
      expect(text(el, '#vote-outcome')).toContain('Wrong voter ID or activation code.');
      expect(text(el, '#vote-step')).toBe('Step 1 of 3: identify yourself');
      expect(el.querySelector('#tracking-code')).toBeNull();
      expect(el.textContent).not.toContain(code);

      // The right code still opens the receipt, without asking anyone.
      typeInto(el, '#activation-code', CODE);
      click(el, '#request-credential');
      await settle(() => el.querySelector('#tracking-code') !== null, 'the receipt');
      expect(text(el, '#tracking-code')).toBe(code);
      expect(text(el, '#vote-accepted')).toContain('kept only the receipt');
      http.expectNone('/api/credentials');
    });

    it('finds the receipt with the code typed as the authority accepts it: any case, spaces or dashes', async () => {
      const code = await votedThenReloaded();
      typeInto(el, '#voter-id', 'v-001');
      typeInto(el, '#activation-code', 'aaaa 1111');
      click(el, '#request-credential');
      await settle(() => el.querySelector('#tracking-code') !== null, 'the receipt');
      expect(text(el, '#tracking-code')).toBe(code);
    });

    it('never keeps the voter ID or the activation code in clear, at any step', async () => {
      const inClear = ['v-001', CODE, CODE.replace('-', '')];
      await render();
      const req = await identify();
      expect(storageEntries()).toHaveLength(1);
      expectNoneInStorage(...inClear);
      await credentialGranted(req);
      expectNoneInStorage(...inClear);
      await chooseAndConfirm(0);
      click(el, '#cast-ballot');
      const cast = await waitForRequest(http, '/api/sealed-ballots');
      expect(storageEntries()).toHaveLength(1);
      // The party as JSON would hold it, quoted: three bare letters turn up by chance in a sealed entry's
      // base64url ciphertext (about one run in fifty), a quoted string never does.
      expectNoneInStorage(...inClear, JSON.stringify('Red'));
      cast.flush({ message: 'ok', tracking_code: codeOf(ballotFor('Red')) }, { status: 201, statusText: 'Created' });
      await settle(() => el.querySelector('#tracking-code') !== null, 'the receipt');
      expect(storageEntries()).toHaveLength(1);
      expectNoneInStorage(...inClear, codeOf(ballotFor('Red')));
    });

    it('leaves nothing behind after a wrong code', async () => {
      await render();
      (await identify('v-001', WRONG_CODE)).flush(...nodeError(401, 'invalid-code', 'wrong code'));
      await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
      expect(storageEntries()).toEqual([]);
    });
  });

  describe('entries of the earlier portal, kept in clear under the voter ID', () => {
    const keptInClear = (voterId: string, value: unknown, electionId = election.election_id) =>
      localStorage.setItem(legacyKey(voterId, electionId), JSON.stringify(value));

    it.each([
      ['a receipt', { trackingCode: codeOf(ballotFor('Red')) }],
      [
        'a receipt with the secrets kept beside it',
        { request: prepared, credential: 'credential', ballot: ballotFor('Red'), trackingCode: codeOf(ballotFor('Red')) },
      ],
    ])('deletes %s, even with the right code, and never shows it', async (_, value) => {
      keptInClear('v-001', value);
      keptInClear('v-009', { trackingCode: 'c'.repeat(64) }, 'f'.repeat(64));
      const inProgress = JSON.stringify({ request: { ...prepared, blindedMessage: 'blinded-of-v-002' }, credential: null, ballot: null });
      localStorage.setItem(legacyKey('v-002'), inProgress);
      await render();
      const req = await identify();
      expect((req.request.body as CredentialRequest).blinded_message).toBe('blinded-message');
      // Every receipt goes, whichever election and voter; an entry in progress stays for its own voter.
      expect(localStorage.getItem(legacyKey('v-001'))).toBeNull();
      expect(localStorage.getItem(legacyKey('v-009', 'f'.repeat(64)))).toBeNull();
      expect(localStorage.getItem(legacyKey('v-002'))).toBe(inProgress);
      req.flush(...nodeError(409, 'credential-already-issued', 'issued'));
      await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
      expect(el.querySelector('#tracking-code')).toBeNull();
    });

    it('resumes an entry in progress only once the authority accepts the code with its request, then seals it', async () => {
      const earlier = { request: { ...prepared, blindedMessage: 'blinded-before-the-upgrade' }, credential: null, ballot: null };
      keptInClear('v-001', earlier);
      const inClear = localStorage.getItem(legacyKey('v-001'));
      await render();

      const wrong = await identify('v-001', WRONG_CODE);
      expect((wrong.request.body as CredentialRequest).blinded_message).toBe('blinded-before-the-upgrade');
      wrong.flush(...nodeError(401, 'invalid-code', 'wrong code'));
      await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
      expect(storageEntries()).toEqual([`${legacyKey('v-001')}=${inClear}`]);

      const right = await identify('v-001', CODE);
      expect((right.request.body as CredentialRequest).blinded_message).toBe('blinded-before-the-upgrade');
      await credentialGranted(right, true);
      expect(kit.prepareCredentialRequest).not.toHaveBeenCalled();
      expect(kit.finishCredential).toHaveBeenCalledWith(earlier.request, 'blind-signature', 'credential-key');
      expect(text(el, '#vote-step')).toBe('Step 2 of 3: choose a party');
      expect(localStorage.getItem(legacyKey('v-001'))).toBeNull();
      expect(await stored('v-001')).toEqual({ ...earlier, credential: 'credential' });
      expectNoneInStorage('v-001', CODE);
    });

    it('resumes an entry whose ballot was sent: the receipt, sealed, once the code is accepted', async () => {
      const ballot = ballotFor('Green');
      keptInClear('v-001', { request: prepared, credential: 'credential', ballot, choice: 'Green' });
      await render();
      (await identify()).flush({ blind_signature: 'blind-signature', resumed: true }, { status: 201, statusText: 'Created' });
      (await waitForRequest(http, `/api/receipts/${codeOf(ballot)}`)).flush({
        tracking_code: codeOf(ballot),
        status: 'pending',
        transaction: ballot,
      });
      await settle(() => el.querySelector('#tracking-code') !== null, 'the receipt');
      expect(text(el, '#vote-accepted')).toContain('Your ballot for Green was accepted');
      expect(localStorage.getItem(legacyKey('v-001'))).toBeNull();
      expect(storageEntries()).toHaveLength(1);
      expect(await stored('v-001')).toEqual({ trackingCode: codeOf(ballot) });
    });
  });

  it.each<[ReceiptStatus['status'], boolean]>([
    ['pending', true],
    ['unknown', false],
  ])('after a failure mid-cast, asks the node about the ballot sent before (%s)', async (status, arrived) => {
    const ballot = ballotFor('Green');
    const code = codeOf(ballot);
    await seal('v-001', { request: prepared, credential: 'credential', ballot, choice: 'Green' });
    await render();
    const credential = await identify();
    credential.flush({ blind_signature: 'blind-signature', resumed: true }, { status: 201, statusText: 'Created' });
    const lookup = await waitForRequest(http, `/api/receipts/${code}`);
    lookup.flush(status === 'pending' ? { tracking_code: code, status, transaction: ballot } : { tracking_code: code, status });
    await settle(() => el.querySelector('#tracking-code') !== null || el.querySelector('#party-0') !== null, 'the next step');

    if (arrived) {
      expect(text(el, '#tracking-code')).toBe(code);
      expect(text(el, '#vote-accepted')).toContain('Your ballot for Green was accepted');
      expect(await stored('v-001')).toEqual({ trackingCode: code });
    } else {
      // Not there: the same choice is offered again, to confirm, and the signed ballot is still kept and sent again.
      expect(query<HTMLInputElement>(el, '#party-1').checked).toBe(true);
      expect(text(el, '#vote-step')).toBe('Step 2 of 3: choose a party');
      expect(await stored('v-001')).toEqual({ request: prepared, credential: 'credential', ballot, choice: 'Green' });
      click(el, '#confirm-ballot');
      await fixture.whenStable();
      await castAndAccept(ballot);
      expect(kit.sealChoiceFor).not.toHaveBeenCalled();
    }
  });

  // A wrong code leaves nothing behind; after any other refusal the request is kept for the next try.
  it.each([
    [nodeError(401, 'invalid-code', 'wrong'), 'Wrong voter ID or activation code.', false],
    [
      nodeError(409, 'credential-already-issued', 'issued'),
      'A credential was already issued to this voter ID, from another browser or device. If you have voted, you are done: check your ' +
        'ballot with its tracking code on the Verify page. If you have not voted yet, add the recovery kit you saved there, or vote from ' +
        'the browser where you first entered your activation code.',
      true,
    ],
    [nodeError(503, 'authority-unavailable', 'down'), 'The election authority cannot be reached right now.', true],
    [nodeError(502, 'http-502', 'Bad Gateway'), 'The election authority cannot be reached right now.', true],
    [nodeError(400, 'bad-request', ['blinded_message must be base64url']), 'Invalid input: blinded_message must be base64url', true],
  ])('explains a refused credential request %#', async (reply, expected, kept) => {
    await render();
    (await identify()).flush(...reply);
    await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
    expect(query(el, '#vote-outcome').classList).toContain('error');
    expect(text(el, '#vote-outcome')).toContain(expected);
    expect(text(el, '#vote-step')).toBe('Step 1 of 3: identify yourself');
    expect(query<HTMLButtonElement>(el, '#request-credential').disabled).toBe(false);
    expect(await stored('v-001')).toEqual(kept ? { request: prepared, credential: null, ballot: null } : null);
  });

  it('says when the node is unreachable, and keeps the request for the next try', async () => {
    await render();
    failNetwork(await identify());
    await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
    expect(text(el, '#vote-outcome')).toContain('Node unreachable: nothing was lost');
    expect((await stored('v-001'))?.request).toEqual(prepared);
  });

  it('reloads the election when the credential request finds it closed', async () => {
    await render();
    (await identify()).flush(...nodeError(409, 'election-closed', 'closed'));
    (await waitForRequest(http, '/api/election')).flush(secretElection({ phase: 'closed' }));
    await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
    expect(text(el, '#vote-outcome')).toBe('The election is closed: no more credentials are issued.');
  });

  it('does not accept a blind signature that does not unblind into a credential', async () => {
    kit.finishCredential.mockRejectedValue(new Error('the blind signature does not unblind into a valid credential'));
    await render();
    (await identify()).flush({ blind_signature: 'forged', resumed: false }, { status: 201, statusText: 'Created' });
    await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
    expect(text(el, '#vote-outcome')).toBe('Could not prepare your ballot: the blind signature does not unblind into a valid credential');
    expect(await stored('v-001')).toEqual({ request: prepared, credential: null, ballot: null });
    expect(el.querySelector('#party-0')).toBeNull();
  });

  it('sends nothing without a voter ID and an activation code', async () => {
    await render();
    click(el, '#request-credential');
    await fixture.whenStable();
    http.expectNone('/api/credentials');
    expect(text(el, '#activation-code-error')).toBe('Enter the activation code from your letter.');
    expect(text(el, '#voter-id-error')).toContain('Enter your voter ID');
    expect(kit.prepareCredentialRequest).not.toHaveBeenCalled();
  });

  it('says secret voting needs https or localhost when the browser withholds WebCrypto, and offers no form', async () => {
    TestBed.resetTestingModule();
    configure(false);
    await render();
    expect(query(el, '#secure-context-required').getAttribute('role')).toBe('alert');
    expect(text(el, '#secure-context-required')).toContain('Secret voting needs https or localhost');
    expect(text(el, '#secure-context-required')).toContain(`This page was opened at ${location.origin} over plain http`);
    expect(el.querySelector('#voter-id')).toBeNull();
    expect(el.querySelector('#request-credential')).toBeNull();
  });

  it('does nothing while the election is not open', async () => {
    await render(secretElection({ phase: 'draft' }));
    expect(query<HTMLButtonElement>(el, '#request-credential').disabled).toBe(true);
  });

  it('refuses to go on when the browser cannot store the request', async () => {
    jest.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    await render();
    typeInto(el, '#voter-id', 'v-001');
    typeInto(el, '#activation-code', CODE);
    click(el, '#request-credential');
    await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
    expect(text(el, '#vote-outcome')).toContain('does not let the page keep data');
    http.expectNone('/api/credentials');
  });

  describe('casting', () => {
    beforeEach(async () => {
      await render();
      await credentialGranted(await identify());
      await chooseAndConfirm(0);
    });

    async function castRefused(reply: Parameters<TestRequest['flush']>): Promise<void> {
      click(el, '#cast-ballot');
      (await waitForRequest(http, { method: 'POST', url: '/api/sealed-ballots' })).flush(...reply);
    }

    it('stores the signed ballot before sending it', async () => {
      click(el, '#cast-ballot');
      const req = await waitForRequest(http, '/api/sealed-ballots');
      expect(await stored('v-001')).toEqual({ request: prepared, credential: 'credential', ballot: ballotFor('Red'), choice: 'Red' });
      req.flush({ message: 'ok', tracking_code: codeOf(ballotFor('Red')) }, { status: 201, statusText: 'Created' });
      await settle(() => el.querySelector('#tracking-code') !== null, 'the receipt');
      expect(await stored('v-001')).toEqual({ trackingCode: codeOf(ballotFor('Red')) });
    });

    it('shows the receipt when "already used" means the node already has this very ballot', async () => {
      await castRefused(nodeError(409, 'already-used', 'ballot key already used'));
      const code = codeOf(ballotFor('Red'));
      (await waitForRequest(http, `/api/receipts/${code}`)).flush({
        tracking_code: code,
        status: 'pending',
        transaction: ballotFor('Red'),
      });
      await settle(() => el.querySelector('#tracking-code') !== null, 'the receipt');
      expect(text(el, '#tracking-code')).toBe(code);
      expect(await stored('v-001')).toEqual({ trackingCode: code });
    });

    it('says so when the credential was used for another ballot', async () => {
      await castRefused(nodeError(409, 'already-used', 'ballot key already used'));
      const code = codeOf(ballotFor('Red'));
      (await waitForRequest(http, `/api/receipts/${code}`)).flush({ tracking_code: code, status: 'unknown' });
      await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
      expect(text(el, '#vote-outcome')).toContain(
        'A ballot was already cast with your credential: you have voted, and each voter casts one ballot. Check it on the Verify page with its tracking code.',
      );
      expect(query(el, '#verify-after-refusal a').getAttribute('href')).toBe('/verify');
      expect(el.querySelector('#tracking-code')).toBeNull();
      expect((await stored('v-001'))?.ballot).toEqual(ballotFor('Red'));
    });

    it.each([
      [
        nodeError(422, 'sealed-sum-proof', 'does not hold'),
        'Ballot refused: the proofs that it holds exactly one choice do not check out.',
      ],
      [nodeError(422, 'bad-credential', 'bad'), 'Ballot refused: the node does not accept its credential as issued for this election.'],
      [nodeError(422, 'bad-ballot-signature', 'bad'), 'Ballot refused: its signature does not check out.'],
      [nodeError(400, 'bad-request', ['signature must be base64url']), 'Ballot refused as malformed: signature must be base64url'],
    ])('explains a refused ballot %#', async (reply, expected) => {
      await castRefused(reply);
      await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
      expect(text(el, '#vote-outcome')).toBe(expected);
      expect(query<HTMLButtonElement>(el, '#cast-ballot').disabled).toBe(false);
    });

    it('reloads the election when the node says voting is over', async () => {
      await castRefused(nodeError(409, 'election-closed', 'closed'));
      (await waitForRequest(http, '/api/election')).flush(secretElection({ phase: 'closed' }));
      await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
      expect(text(el, '#vote-outcome')).toBe('The election is closed: your ballot was not cast.');
    });

    it('still drops the secrets when the browser refuses to store the receipt', async () => {
      click(el, '#cast-ballot');
      const req = await waitForRequest(http, '/api/sealed-ballots');
      expect((await stored('v-001'))?.ballot).toEqual(ballotFor('Red'));
      // The signed ballot is stored; from now on the browser refuses every write, so the receipt's too.
      jest.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
        throw new DOMException('quota', 'QuotaExceededError');
      });
      req.flush({ message: 'ok', tracking_code: codeOf(ballotFor('Red')) }, { status: 201, statusText: 'Created' });
      await settle(() => el.querySelector('#tracking-code') !== null, 'the receipt');
      expect(text(el, '#vote-accepted')).toContain('Your ballot for Red was accepted');
      expect(await stored('v-001')).toBeNull();
      expect(localStorage).toHaveLength(0);
    });

    it('sends the very same ballot again after a network failure', async () => {
      click(el, '#cast-ballot');
      failNetwork(await waitForRequest(http, '/api/sealed-ballots'));
      await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
      expect(text(el, '#vote-outcome')).toContain('the same ballot is sent, so it cannot count twice');
      await castAndAccept(ballotFor('Red'));
    });

    it('seals afresh when the voter chooses another party after a failure', async () => {
      click(el, '#cast-ballot');
      failNetwork(await waitForRequest(http, '/api/sealed-ballots'));
      await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
      click(el, '#change-choice');
      await fixture.whenStable();
      await chooseAndConfirm(1);
      await castAndAccept(ballotFor('Green', 2));
    });

    it('does not claim success when the node answers 200 instead of 201', async () => {
      click(el, '#cast-ballot');
      (await waitForRequest(http, '/api/sealed-ballots')).flush({ message: 'ok', tracking_code: 'x' }, { status: 200, statusText: 'OK' });
      await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
      expect(text(el, '#vote-outcome')).toContain('HTTP 200');
      expect(el.querySelector('#tracking-code')).toBeNull();
      expect((await stored('v-001'))?.ballot).toEqual(ballotFor('Red'));
    });
  });

  describe('sealing', () => {
    async function confirmed(info: ElectionInfo, partyInput: string): Promise<void> {
      await render(info);
      await credentialGranted(await identify());
      click(el, partyInput);
      click(el, '#confirm-ballot');
      await fixture.whenStable();
    }

    it("seals to the key the opening named, with the trustees' commitments", async () => {
      await confirmed(election, '#party-1');
      expect(text(el, '#sealed-notice')).toContain('Your choice is encrypted in this browser before it leaves it.');
      await castAndAccept(ballotFor('Green'));
      expect(kit.sealingKeyOf).toHaveBeenCalledWith(GROUP, {
        electionId: election.election_id,
        threshold: 2,
        commitments: election.sealed!.commitments,
        electionKey: 'election-key',
        optionCount: 3,
      });
      expect(kit.sealChoiceFor).toHaveBeenCalledWith(GROUP, SEALING, prepared, 1);
      expect(text(el, '#vote-accepted')).toContain('It is sealed: the receipt below proves it is on the chain, not what it says.');
    });

    it('tests the encryption without sending it, then casts a sealing made afresh', async () => {
      await confirmed(election, '#party-1');
      click(el, '#challenge-ballot');
      await settle(() => el.querySelector('#challenge-result') !== null, 'the test');
      expect(text(el, '#challenge-result')).toContain('The test encryption opens to Green. It was thrown away; nothing was sent.');
      expect(JSON.parse(text(el, '#challenge-evidence'))).toEqual({
        election_id: election.election_id,
        ballot_key: 'ballot-key',
        sealed: sealedChoice(1, 1),
        randomness: [Buffer.from([1]).toString('base64url')],
      });
      http.expectNone('/api/sealed-ballots');
      expect(await stored('v-001')).toEqual({ request: prepared, credential: 'credential', ballot: null });
      await castAndAccept(ballotFor('Green', 2));
    });

    it.each<[string, number | null, string]>([
      ['another choice', 0, 'The test encryption opens to Red. That is not your choice: do not cast from this browser.'],
      ['no choice', null, 'The test encryption does not open to any choice. Do not cast from this browser'],
    ])('warns when the test encryption opens to %s', async (_, opensTo, warning) => {
      kit.openChallenge.mockReturnValue(opensTo);
      await confirmed(election, '#party-1');
      click(el, '#challenge-ballot');
      await settle(() => el.querySelector('#challenge-result') !== null, 'the test');
      expect(text(el, '#challenge-result')).toContain(warning);
      http.expectNone('/api/sealed-ballots');
    });

    it('offers the blank vote where the election does, sealed as the option after the parties', async () => {
      await render(secretElection({ sealed: sealedStatus('open', { blank: true }) }));
      await credentialGranted(await identify());
      expect(text(el, 'label[for="party-blank"]')).toBe('Blank vote (none of the parties)');
      click(el, '#party-blank');
      click(el, '#confirm-ballot');
      await fixture.whenStable();
      expect(text(el, '#chosen-party')).toBe('a blank vote (none of the parties)');
      click(el, '#cast-ballot');
      const req = await waitForRequest(http, { method: 'POST', url: '/api/sealed-ballots' });
      expect((req.request.body as SealedBallot).sealed).toEqual(sealedChoice(3, 1));
      req.flush({ message: 'ok', tracking_code: codeOf(req.request.body as SealedBallot) }, { status: 201, statusText: 'Created' });
      await settle(() => el.querySelector('#tracking-code') !== null, 'the receipt');
      expect(text(el, '#vote-accepted')).toContain('Your ballot for a blank vote (none of the parties) was accepted');
    });

    it('offers no blank vote where the election does not', async () => {
      await render();
      await credentialGranted(await identify());
      expect(el.querySelector('#party-blank')).toBeNull();
    });
  });

  describe('receipt', () => {
    beforeEach(async () => {
      await render();
      await credentialGranted(await identify());
      await chooseAndConfirm(0);
      await castAndAccept(ballotFor('Red'));
    });

    afterEach(() => {
      Reflect.deleteProperty(navigator, 'clipboard');
    });

    it('copies the tracking code and says "Copied"', async () => {
      const writeText = jest.fn().mockResolvedValue(undefined);
      Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
      click(el, '#copy-tracking-code');
      await settle(() => text(el, '#copy-tracking-code') === 'Copied', 'the copied state');
      expect(writeText).toHaveBeenCalledWith(codeOf(ballotFor('Red')));
    });

    it('asks the voter to copy by hand when the browser offers no clipboard', async () => {
      click(el, '#copy-tracking-code');
      await settle(() => (el.querySelector('.receipt [aria-live]')?.textContent ?? '').includes('copy it by hand'), 'the hint');
      expect(text(el, '#copy-tracking-code')).toBe('Copy tracking code');
    });
  });
});
