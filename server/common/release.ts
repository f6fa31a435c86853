import packageJson from '../../package.json';

/** This release, as data dirs record it: "ballotchain 0.1.0". */
export const RELEASE = `${packageJson.name} ${packageJson.version}`;
