/**
 * The plain-JavaScript twin of `properties.lox`: fields read and written in a tight loop.
 *
 * @module
 */

class Body {
  x = 0;
  y = 0;
  vx = 1;
  vy = 2;
  bounces = 0;
}

/** The checksums `properties.lox` prints for `size`: positions, then bounces. */
export function propertiesChecksum(size: number): number[] {
  const a = new Body();
  const b = new Body();
  b.vx = 3;
  b.vy = 1;
  for (let i = 0; i < size; i++) {
    a.x += a.vx;
    a.y += a.vy;
    b.x += b.vx;
    b.y += b.vy;
    if (a.x > 1000) {
      a.x -= 1000;
      a.bounces++;
    }
    if (a.y > 1000) {
      a.y -= 1000;
      a.bounces++;
    }
    if (b.x > 1000) {
      b.x -= 1000;
      b.bounces++;
    }
    if (b.y > 1000) {
      b.y -= 1000;
      b.bounces++;
    }
  }
  return [a.x + a.y + b.x + b.y, a.bounces + b.bounces];
}
