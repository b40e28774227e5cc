/**
 * @packageDocumentation
 * The `spinedx` command as a library: build the program and run it with your own arguments.
 */
export { createProgram, DEMO_PLAN } from './program';
