/**
 * The plain-JavaScript twin of `method_call.lox`: small methods, some through a
 * subclass and `super`, called a great many times.
 *
 * @module
 */

class Dial {
  position: number;

  constructor(start: number) {
    this.position = start;
  }

  turn(step: number): this {
    this.position += step;
    if (this.position >= 100) this.position -= 100;
    return this;
  }

  reading(): number {
    return this.position;
  }
}

class StickyDial extends Dial {
  turns = 0;

  override turn(step: number): this {
    this.turns++;
    return super.turn(step);
  }

  override reading(): number {
    return super.reading() + this.turns;
  }
}

/** The checksums `method_call.lox` prints for `size`. */
export function methodCallChecksum(size: number): number[] {
  const plain = new Dial(0);
  const sticky = new StickyDial(50);
  let checksum = 0;
  for (let i = 0; i < size; i++) {
    plain.turn(3).turn(7);
    sticky.turn(1).turn(4).turn(9);
    checksum += plain.reading() + sticky.reading();
    if (checksum >= 1_000_000) checksum -= 1_000_000;
  }
  return [checksum, sticky.turns];
}
