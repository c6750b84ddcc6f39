/** Validation of queue items (stored data and caller input). */
import { reqJsonObject, reqObject, reqString, type Fail } from "./json-check";
import type { QueueItem } from "./types";

/** Validates one queue item; `id` must be present (ids are assigned before storage). */
export function validateQueueItem(v: unknown, path: string, fail: Fail): QueueItem {
  const o = reqObject(v, path, fail);
  const item: QueueItem = {
    id: reqString(o.id, `${path}.id`, fail),
    encodedTrack: reqString(o.encodedTrack, `${path}.encodedTrack`, fail),
  };
  if (o.info !== undefined) item.info = reqJsonObject(o.info, `${path}.info`, fail);
  if (o.userData !== undefined) item.userData = reqJsonObject(o.userData, `${path}.userData`, fail);
  return item;
}
