import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Lookup = Storage['getTargetValidationMetadatas'];

const CACHED = Symbol('paysession.validationRuleCache');

/**
 * Makes class-validator remember which rules apply to a class, instead of working them out again
 * on every `validate()` of every nested object.
 *
 * Why: class-validator 0.15's `MetadataStorage.getTargetValidationMetadatas(class, …)` collects
 * the rules inherited by `class` by testing it against every class that has rules (an
 * `instanceof` per class in the store), then de-duplicates them pairwise, on every call. A
 * create's nested input calls it once per object (the input, its contactRef and address, each
 * invoice and line): most of class-validator's share of a create's CPU (README, Performance).
 * The answer only changes when a rule is added, which is when a decorated class is defined
 * (module load), so it is kept per class and per set of options until then: adding a rule
 * (`addValidationMetadata`) forgets every kept answer.
 *
 * The cached arrays are class-validator's own answers, shared between calls; class-validator
 * only reads them (it groups them by property into new objects). Installing it twice is a no-op.
 */
export function cacheValidationRuleLookups(storage: Storage = getMetadataStorage()): void {
  const marked = storage as Storage & { [CACHED]?: true };
  if (marked[CACHED]) return;
  marked[CACHED] = true;

  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const addRule = storage.addValidationMetadata.bind(storage);
  let answers = new WeakMap<object, Map<string, ReturnType<Lookup>>>();

  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    let byOptions = answers.get(target);
    if (!byOptions) answers.set(target, (byOptions = new Map()));
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let rules = byOptions.get(key);
    if (!rules) byOptions.set(key, (rules = lookup(target, schema, always, strictGroups, groups)));
    return rules;
  };
  storage.addValidationMetadata = (metadata) => {
    answers = new WeakMap();
    addRule(metadata);
  };
}
