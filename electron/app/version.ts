declare const __MXRAY_VERSION__: string | undefined;

/** Injected by the bundler from package.json; "dev" when running unbundled (tests). */
export const APP_VERSION = typeof __MXRAY_VERSION__ === 'string' ? __MXRAY_VERSION__ : 'dev';
