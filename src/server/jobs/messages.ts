/** Words the runner and the training worker both give a client (one home for each). */

/** A job's file was deleted while the job waited or as it started. */
export function deletedMessage(which: 'training' | 'validation', id: string): string {
  return `The ${which} file ${id} was deleted before the job could read it; upload it again and create a new job.`;
}
