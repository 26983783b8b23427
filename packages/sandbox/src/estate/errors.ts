/** A seed that cannot be loaded; the message names the bad field's path and what it should be. */
export class EstateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EstateError';
  }
}
