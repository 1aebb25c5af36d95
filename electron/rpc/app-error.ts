/**
 * An error a handler raises on purpose: its message is for the user and crosses the boundary.
 * Any other exception is a bug: logged in main, reported to the renderer without internals.
 */
export class AppError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppError';
  }
}
