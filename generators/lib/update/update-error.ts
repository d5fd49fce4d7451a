/** Bad input to `go-container update`: one message saying what is wrong and what to do; nothing was written. */
export class UpdateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpdateError';
  }
}
