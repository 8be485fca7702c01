/**
 * The sandbox's data: JSON objects in collections keyed by the path that
 * holds them with parent IDs filled in (`products`, `buyers/b1/users`,
 * `catalogs/assignments`). One store per sandbox instance; nothing global.
 * @internal
 */
export type Json = Record<string, unknown>

/** @internal */
export class Store {
  private readonly collections = new Map<string, Map<string, Json>>()
  /** Each collection as an array, kept until the collection changes: listing a page stays O(page). */
  private readonly snapshots = new Map<string, ReadonlyArray<Json>>()

  /** The objects of a collection, in insertion order. */
  list(collection: string): ReadonlyArray<Json> {
    const cached = this.snapshots.get(collection)
    if (cached !== undefined) return cached
    const objects = this.collections.get(collection)
    const snapshot = objects === undefined ? [] : [...objects.values()]
    this.snapshots.set(collection, snapshot)
    return snapshot
  }

  get(collection: string, id: string): Json | undefined {
    return this.collections.get(collection)?.get(id)
  }

  has(collection: string, id: string): boolean {
    return this.collections.get(collection)?.has(id) ?? false
  }

  put(collection: string, id: string, value: Json): void {
    this.snapshots.delete(collection)
    let objects = this.collections.get(collection)
    if (objects === undefined) {
      objects = new Map()
      this.collections.set(collection, objects)
    }
    objects.set(id, value)
  }

  /** Replaces the object under `id`, keeping its place in the order, or moves it to `newId`. */
  replace(collection: string, id: string, newId: string, value: Json): void {
    this.snapshots.delete(collection)
    const objects = this.collections.get(collection)
    if (objects === undefined || id === newId) return this.put(collection, newId, value)
    objects.delete(id)
    objects.set(newId, value)
  }

  remove(collection: string, id: string): boolean {
    this.snapshots.delete(collection)
    return this.collections.get(collection)?.delete(id) ?? false
  }

  /** Removes the objects of a collection that match, returning how many went. */
  removeWhere(collection: string, matches: (value: Json) => boolean): number {
    this.snapshots.delete(collection)
    const objects = this.collections.get(collection)
    if (objects === undefined) return 0
    let removed = 0
    for (const [id, value] of objects) {
      if (matches(value)) {
        objects.delete(id)
        removed++
      }
    }
    return removed
  }

  /** Names of collections matching a path pattern where `*` stands for one segment. */
  collectionsLike(pattern: string): ReadonlyArray<string> {
    const regex = new RegExp(
      `^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]+")}$`
    )
    return [...this.collections.keys()].filter((name) => regex.test(name))
  }
}
