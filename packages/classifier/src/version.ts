declare const __PACKAGE_VERSION__: string | undefined;

/** This package's version, written in at build time (tsup `define`); '0.0.0-dev' when run from sources. */
export const VERSION: string = typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : '0.0.0-dev';
