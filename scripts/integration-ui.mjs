export async function routeB() {
  throw new Error('route B not written yet');
}
