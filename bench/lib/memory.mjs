// Memory across mount/unmount cycles: the JS heap after 200 cycles against after 10 (both after a
// full GC), and what is left of the unmounted elements.
import { performanceMetrics } from './cdp.mjs';
import { routeMock } from './mock-route.mjs';

async function collectGarbage(session) {
  // Twice: the first pass can only queue finalizers that free more on the second.
  await session.send('HeapProfiler.collectGarbage');
  await session.send('HeapProfiler.collectGarbage');
}

/** Counts heap objects whose prototype chain holds `prototypeExpression`, and how many of them are off the page. */
async function countInstances(session, prototypeExpression) {
  // One object group, released at the end: DevTools handles would otherwise keep what they found alive.
  const objectGroup = 'pwless-bench';
  const { result: prototype } = await session.send('Runtime.evaluate', { expression: prototypeExpression, objectGroup });
  const { objects } = await session.send('Runtime.queryObjects', { prototypeObjectId: prototype.objectId, objectGroup });
  const { result, exceptionDetails } = await session.send('Runtime.callFunctionOn', {
    objectId: objects.objectId,
    // Prototype objects (e.g. HTMLDivElement.prototype) match too; they throw on `isConnected`.
    functionDeclaration: `function () {
      // A <template> is detached by design (lit caches one per template literal); its content is inert.
      const state = (node) => {
        try {
          if (node.isConnected) return 'connected';
          if (node.localName === 'template' || node.ownerDocument !== document) return 'inert';
          return node.getRootNode().host?.isConnected ? 'connected' : 'detached';
        } catch {
          return 'prototype';
        }
      };
      const states = this.map(state);
      return { all: states.filter((s) => s !== 'prototype').length, detached: states.filter((s) => s === 'detached').length };
    }`,
    returnByValue: true,
  });
  await session.send('Runtime.releaseObjectGroup', { objectGroup });
  if (exceptionDetails) throw new Error(`counting ${prototypeExpression}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
  return result.value;
}

/**
 * Detached DOM nodes as Chromium's DOM agent sees them (the DevTools "Detached elements" panel),
 * without lit's cached `<template>`s; `null` when this Chromium lacks the command.
 */
async function detachedDomNodes(session) {
  try {
    await session.send('DOM.enable');
    const { detachedNodes } = await session.send('DOM.getDetachedDomNodes');
    return detachedNodes
      .filter((entry) => entry.treeNode.localName !== 'template')
      .reduce((sum, entry) => sum + Math.max(1, entry.retainedNodeIds?.length ?? 0), 0);
  } catch {
    return null;
  } finally {
    await session.send('DOM.disable').catch(() => {});
  }
}

async function snapshot(session, tag) {
  await collectGarbage(session);
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  const metrics = await performanceMetrics(session);
  return {
    heapBytes: usedSize,
    domNodes: metrics.Nodes,
    listeners: metrics.JSEventListeners,
    instances: await countInstances(session, `customElements.get(${JSON.stringify(tag)}).prototype`),
    detachedElements: (await countInstances(session, 'HTMLElement.prototype')).detached,
    detachedDomNodes: await detachedDomNodes(session),
    // An open channel with a listener is never collected, nor is whatever its listener reaches.
    broadcastChannels: (await countInstances(session, 'BroadcastChannel.prototype')).all,
  };
}

export async function measureMemory(browser, origin, subject, { warmCycles = 10, cycles = 200 } = {}) {
  const context = await browser.newContext();
  try {
    await routeMock(context);
    const page = await context.newPage();
    const session = await context.newCDPSession(page);
    await session.send('Performance.enable');
    await page.goto(`${origin}/bench/index.html`);
    await page.evaluate(({ src, tag }) => window.loadElement(src, tag), subject);
    const run = (count) => page.evaluate(({ tag, attributes, count }) => window.mountCycles(tag, attributes, count), { ...subject, count });
    await run(warmCycles);
    const warm = await snapshot(session, subject.tag);
    await run(cycles - warmCycles);
    const after = await snapshot(session, subject.tag);
    return {
      warmCycles,
      cycles,
      warm,
      after,
      heapGrowthBytes: after.heapBytes - warm.heapBytes,
      heapGrowthPerCycleBytes: (after.heapBytes - warm.heapBytes) / (cycles - warmCycles),
      liveInstances: after.instances.all,
      detachedElements: Math.max(after.instances.detached, after.detachedElements, after.detachedDomNodes ?? 0),
    };
  } finally {
    await context.close();
  }
}
