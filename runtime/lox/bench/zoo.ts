/**
 * The plain-JavaScript twin of `zoo.lox`: a class hierarchy three deep, a linked list
 * of its instances, rounds of calls through overrides, `super`, bound methods and fields.
 *
 * @module
 */

class Animal {
  meals = 0;
  next: Animal | null = null;

  constructor(readonly name: string, public legs: number) {}

  feed(amount: number): number {
    this.meals += amount;
    return this.appetite();
  }

  appetite(): number {
    return 1;
  }

  noise(): number {
    return 0;
  }

  score(): number {
    return this.legs + this.noise();
  }
}

class Bird extends Animal {
  constructor(name: string) {
    super(name, 2);
  }
  override noise(): number {
    return 3;
  }
}

class Parrot extends Bird {
  constructor(name: string, readonly words: number) {
    super(name);
  }
  override noise(): number {
    return super.noise() + this.words;
  }
  override appetite(): number {
    return 2;
  }
}

class Mammal extends Animal {
  constructor(name: string) {
    super(name, 4);
  }
  override appetite(): number {
    return 3;
  }
}

class Lion extends Mammal {
  override noise(): number {
    return 9;
  }
  override appetite(): number {
    return super.appetite() * 2;
  }
}

class Bat extends Mammal {
  constructor(name: string) {
    super(name);
    this.legs = 2;
  }
  override score(): number {
    return super.score() + 1;
  }
}

class Keeper {
  first: Animal | null = null;
  count = 0;

  admit(animal: Animal): void {
    animal.next = this.first;
    this.first = animal;
    this.count++;
  }

  round(): number {
    let total = 0;
    for (let animal = this.first; animal !== null; animal = animal.next) {
      // Lox's `var feed = animal.feed;` is a bound method: bind is JavaScript's.
      const feed = animal.feed.bind(animal);
      total += feed(1) + animal.score();
    }
    return total;
  }
}

/** The checksums `zoo.lox` prints for `size`: the rounds' total, meals, animals. */
export function zooChecksum(size: number): number[] {
  const keeper = new Keeper();
  for (let i = 0; i < 10; i++) {
    keeper.admit(new Bird("sparrow"));
    keeper.admit(new Parrot("polly", i));
    keeper.admit(new Lion("leo"));
    keeper.admit(new Bat("bruce"));
    keeper.admit(new Animal("snail", 0));
  }
  let checksum = 0;
  for (let round = 0; round < size; round++) {
    checksum += keeper.round();
    if (checksum >= 1_000_000) checksum -= 1_000_000;
  }
  let meals = 0;
  for (let animal = keeper.first; animal !== null; animal = animal.next) {
    meals += animal.meals;
  }
  return [checksum, meals, keeper.count];
}
