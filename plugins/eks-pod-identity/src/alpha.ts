/**
 * The EKS Pod Identity plugin for Backstage's new frontend system. Apps on
 * the legacy system import the package's main entry point instead.
 *
 * @packageDocumentation
 */

export { default } from './plugin';
