// Uncaught errors of a page, collected so a test can assert there were none.

/** Answers the array that every later uncaught error of `page` is pushed to, as its message. */
export function collectPageErrors(page) {
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}
