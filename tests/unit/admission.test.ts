import { describe, expect, it } from "vitest";
import { createAdmission } from "../../server/http/admission.ts";

/** An admission on a clock and an event-loop delay the test sets. */
function scripted(maxPerSecond: number, minPerSecond?: number) {
  const world = { now: 10_000, lagMs: 0 };
  const admission = createAdmission({ maxPerSecond, minPerSecond, now: () => world.now, lagMs: () => world.lagMs });
  return { world, admission };
}

/** Books every slot within `withinMs` now; the connects they admit begin at once (their finish functions). */
function bookAll(admission: ReturnType<typeof createAdmission>, withinMs: number) {
  const finishes: (() => void)[] = [];
  while (admission.reserve(withinMs) !== null) finishes.push(admission.connecting().completed);
  return finishes;
}

describe("admission slots at a steady rate", () => {
  it("admits a second's worth at once, then hands the refused consecutive slots at the rate", () => {
    const { world, admission } = scripted(4);
    const answers = Array.from({ length: 12 }, () => admission.admit());
    expect(answers.slice(0, 4)).toEqual([null, null, null, null]);
    expect(answers.slice(4)).toEqual([250, 500, 750, 1000, 1250, 1500, 1750, 2000]);
    world.now += 1000;
    // Telling is not booking: the next second admits its four again (the refused ones may ask the wait instead).
    expect(Array.from({ length: 5 }, () => admission.admit())).toEqual([null, null, null, null, 1250]);
    world.now += 10_000;
    // After a quiet spell, a second's worth is admitted at once again.
    expect(Array.from({ length: 5 }, () => admission.admit())).toEqual([null, null, null, null, 250]);
  });

  it("books slots ahead for the reconnect wait, counted once with the admitted ones, and only close at hand when asked", () => {
    const { world, admission } = scripted(2);
    world.now = 0;
    expect([admission.reserve(), admission.reserve(), admission.reserve(), admission.reserve()]).toEqual([0, 0, 500, 1000]);
    // Booked slots are not admitted again: a newcomer is told a slot after them.
    expect([admission.admit(), admission.admit()]).toEqual([1500, 2000]);
    // Nothing within 1 s is free: nothing is booked, and the slot after the booked ones is still the next.
    expect(admission.reserve(1000)).toBeNull();
    expect(admission.reserve()).toBe(1500);
    world.now = 5000;
    expect([admission.reserve(), admission.admit()]).toEqual([0, null]);
  });
});

describe("the rate follows what the node completes", () => {
  it("when admitted connects pile up and none completes, falls 30 % each 250 ms down to the floor, keeping every slot given", () => {
    const { world, admission } = scripted(400, 40);
    // The first second's worth and the next half second go out at once; none of those connects finishes.
    const given: number[] = [];
    for (let slot = admission.reserve(500); slot !== null; slot = admission.reserve(500)) {
      given.push(world.now + slot);
      admission.connecting();
    }
    expect(given.length).toBe(600);
    world.now += 250;
    expect(admission.perSecond()).toBe(280);
    // What was handed out stays true: the next slot comes after the last one given, at the new spacing.
    expect(admission.reserve()).toBe(Math.ceil(given.at(-1)! + 1000 / 280 - world.now));
    const rates: number[] = [];
    for (let tick = 0; tick < 6; tick++) {
      world.now += 250;
      rates.push(Math.round(admission.perSecond()));
    }
    expect(rates).toEqual([196, 137, 96, 67, 47, 40]);
  });

  it("falls to the rate the node completes while connects pile up, holds there, then grows back to the ceiling", () => {
    const { world, admission } = scripted(400, 40);
    const pending = bookAll(admission, 500);
    /** One adjustment: the node completes `completing` of the oldest connects, then clients take every free slot. */
    const tick = (completing: number) => {
      world.now += 250;
      for (const connect of pending.splice(0, completing)) connect();
      const rate = Math.round(admission.perSecond());
      pending.push(...bookAll(admission, 0));
      return rate;
    };
    // The node completes 30 connects per 250 ms (120/s) of the 600 admitted at once: 30 % less (nothing completed
    // yet to go by); held while the backlog shrinks; when new slots make it grow again, down 30 % at a time to what
    // the node completes (smoothed), where it stays: admitted as fast as completed, the backlog neither grows nor drains.
    const falling = Array.from({ length: 6 }, () => tick(30));
    expect(falling).toEqual([280, 280, 280, 196, 137, 120]);
    const steady = Array.from({ length: 12 }, () => tick(30));
    expect(new Set(steady)).toEqual(new Set([120]));
    // Once connects complete as fast as they come (little in flight) and clients still wait: +20/s per 250 ms.
    const rising = Array.from({ length: 20 }, () => tick(pending.length));
    expect(rising.slice(0, 3)).toEqual([140, 160, 180]);
    expect(rising.at(-1)).toBe(400);
  });

  it("does not grow while the event loop is busy, shrinks when it is stalled with connects in flight, and ignores delay without any", () => {
    const { world, admission } = scripted(400, 40);
    // Pile-up: down to 280, then everything completes.
    const piled = bookAll(admission, 500);
    world.now += 250;
    expect(admission.perSecond()).toBe(280);
    for (const connect of piled) connect();
    const tick = (lagMs: number) => {
      world.lagMs = lagMs;
      world.now += 250;
      for (const connect of bookAll(admission, 0)) connect();
      return Math.round(admission.perSecond());
    };
    // Clients wait and nothing piles up, but the loop is over a second behind: no growth, no cut.
    expect([tick(0), tick(1500), tick(1500)]).toEqual([280, 280, 280]);
    // A few hundred ms behind is other work on a shared box: it grows. Over 3 s behind with nobody in flight is not
    // this node's doing: no change.
    expect([tick(400), tick(4000)]).toEqual([300, 300]);
    // Over 3 s behind with a few connects in flight (far under the backlog): 30 % less.
    const few = [admission.connecting(), admission.connecting()];
    expect(tick(4000)).toBe(210);
    // A connect counts once, completed or gone.
    for (const connect of few) {
      connect.completed();
      connect.gone();
    }
    expect(tick(0)).toBe(230);
    // Clients wait, but of what it admits the node completes only half (in flight still under a second's worth): after
    // the growth the last window earned, no more.
    const lagging: (() => void)[] = [];
    const halfDone = Array.from({ length: 3 }, () => {
      world.now += 250;
      const rate = Math.round(admission.perSecond());
      lagging.push(...bookAll(admission, 0));
      for (const connect of lagging.splice(0, Math.ceil(lagging.length / 2))) connect();
      return rate;
    });
    expect(halfDone).toEqual([250, 250, 250]);
  });
});
