import type { productionMethods } from '../../preload/contract/methods/production.js';
import type { HostContext } from '../kernel/context.js';
import { requireActor, type HandlersFor } from '../kernel/handler-types.js';
import { labDate } from '../kernel/lab-dates.js';
import { distribute, saveRecipient, suggest, createRequest, withdrawRequest } from './distribution.js';
import { listRecipients, listRequests } from './distribution-rows.js';
import { activateRecipe, latestRecipes, recipeVersions, saveRecipe } from './recipes.js';
import {
  addLabour,
  completeRun,
  createRun,
  extendRun,
  issueMaterial,
  linkJob,
  listRuns,
  recordMade,
  recordQc,
  setPolicy,
} from './runs.js';
import { runDetail } from './run-detail.js';
import { adjustStock, listLots, listProducts, stockMoves } from './stock.js';

/** Production runs and distribution by priority tier (the mask drive, and the next one). */
export function productionHandlers(ctx: HostContext): HandlersFor<typeof productionMethods> {
  const { store, events, clock } = ctx;
  const changed = (entity: string, id: number) => events.publish('changed', { entity, id: String(id) });
  const today = () => labDate(clock.now());
  /** Writes to a run answer with the run as it now stands. */
  const afterRun = (runId: number) => {
    changed('production_run', runId);
    return runDetail(store.db, runId);
  };

  return {
    'production.overview': () => ({
      products: listProducts(store.db),
      runs: listRuns(store.db),
      recipes: latestRecipes(store.db),
    }),
    'production.recipes.versions': ({ code }) => recipeVersions(store.db, code),
    'production.recipes.save': (input, call) => {
      const recipe = saveRecipe(store, requireActor(call), input);
      changed('production_recipe', recipe.id);
      return recipe;
    },
    'production.recipes.activate': ({ id }, call) => {
      const recipe = activateRecipe(store, requireActor(call), id);
      changed('production_recipe', recipe.id);
      return recipe;
    },
    'production.runs.create': (input, call) =>
      afterRun(createRun(store, requireActor(call), { ...input, startedOn: input.startedOn ?? today() })),
    'production.runs.get': ({ id }) => runDetail(store.db, id),
    'production.runs.linkJob': ({ runId, jobId }, call) => {
      linkJob(store, requireActor(call), runId, jobId);
      return afterRun(runId);
    },
    'production.runs.issueMaterial': (input, call) => {
      issueMaterial(store, requireActor(call), input);
      return afterRun(input.runId);
    },
    'production.runs.addLabour': (input, call) => {
      addLabour(store, requireActor(call), input);
      return afterRun(input.runId);
    },
    'production.runs.made': (input, call) => {
      recordMade(store, requireActor(call), input);
      return afterRun(input.runId);
    },
    'production.runs.extend': (input, call) => {
      extendRun(store, requireActor(call), input);
      return afterRun(input.runId);
    },
    'production.runs.qc': (input, call) => {
      recordQc(store, requireActor(call), input);
      return afterRun(input.runId);
    },
    'production.runs.setPolicy': ({ runId, tiers }, call) => {
      setPolicy(store, requireActor(call), runId, tiers);
      return afterRun(runId);
    },
    'production.runs.complete': ({ id, completedOn }, call) => {
      completeRun(store, requireActor(call), id, completedOn ?? today());
      return afterRun(id);
    },
    'production.stock.moves': ({ productId }) => stockMoves(store.db, productId),
    'production.stock.lots': ({ productId }) => listLots(store.db, productId),
    'production.stock.adjust': (input, call) => {
      const product = adjustStock(store, requireActor(call), input);
      changed('production_product', product.id);
      return product;
    },
    'production.recipients.list': () => ({
      recipients: listRecipients(store.db),
      requests: listRequests(store.db),
    }),
    'production.recipients.save': (input, call) => {
      const recipient = saveRecipient(store, requireActor(call), input);
      changed('production_recipient', recipient.id);
      return recipient;
    },
    'production.requests.create': (input, call) => {
      const request = createRequest(store, requireActor(call), input);
      changed('production_request', request.id);
      return request;
    },
    'production.requests.withdraw': ({ id, reason }, call) => {
      const request = withdrawRequest(store, requireActor(call), id, reason);
      changed('production_request', id);
      return request;
    },
    'production.allocation.suggest': ({ runId, skips }) => suggest(store.db, runId, skips),
    'production.distribute': (input, call) => {
      const made = distribute(store, requireActor(call), { ...input, on: input.on ?? today() });
      changed('production_run', input.runId);
      changed('treasury', input.runId);
      return made;
    },
  };
}
