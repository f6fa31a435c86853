import admin from './admin.json';
import explorer from './explorer.json';
import results from './results.json';
import shell from './shell.json';
import verify from './verify.json';
import vote from './vote.json';

/** The French texts of the portal, one file per area, keyed by the message ids of the templates. */
export const translations: Record<string, string> = { ...shell, ...vote, ...verify, ...results, ...explorer, ...admin };
