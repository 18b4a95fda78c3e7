import { watchChanges, type Dataset, type Earlier } from '../../core/dataset.js';
import { Element, Sequence } from '../../core/element.js';

/**
 * What the data sets and sequences a change touched held before it: a data set's elements (copies, as a re-encoding
 * gives an element a new value in place) and a sequence's items. Only what the change touches is kept, so an edit of
 * a few attributes copies none of the items it leaves alone, as a copy of the whole data set taken first did.
 */
export class PreviousValues implements Earlier {
  private readonly elementsWere = new Map<Dataset, readonly Element[]>();
  private readonly itemsWere = new Map<Sequence, readonly Dataset[]>();

  /** Runs `change`, keeping what each data set and sequence it touches held before. */
  static during(change: () => void): PreviousValues {
    const was = new PreviousValues();
    watchChanges((what) => was.keep(what), change);
    return was;
  }

  private keep(what: Dataset | Sequence): void {
    if (what instanceof Sequence) {
      if (!this.itemsWere.has(what)) this.itemsWere.set(what, [...what.items]);
    } else if (!this.elementsWere.has(what)) {
      this.elementsWere.set(what, [...what].map((el) => new Element(el.tag, el.vr, el.value)));
    }
  }

  elements(ds: Dataset): Iterable<Element> {
    return this.elementsWere.get(ds) ?? ds;
  }

  items(sequence: Sequence): readonly Dataset[] {
    return this.itemsWere.get(sequence) ?? sequence.items;
  }
}
