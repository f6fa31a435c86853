export * from './base64url';
export * from './prepared-request';
export * from './voter-kit';
export * from './recovery-kit';
