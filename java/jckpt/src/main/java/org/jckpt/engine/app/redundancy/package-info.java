/**
 * Where a checkpoint is protected against the loss of a node and rebuilt after one
 * ({@code --redundancy partner|xor:K}, after LLNL SCR's schemes): which tasks protect which
 * ({@link org.jckpt.engine.app.redundancy.NodeRing}, {@link org.jckpt.engine.app.redundancy.XorGroups}),
 * how a copy is sent or encoded ({@link org.jckpt.engine.app.redundancy.Protection},
 * {@link org.jckpt.engine.app.redundancy.XorParity}, {@link org.jckpt.engine.app.redundancy.XorCode}),
 * jckpt's own connections between tasks ({@link org.jckpt.engine.app.redundancy.PeerServer}), and the
 * restart that makes a set whole from what the nodes left hold
 * ({@link org.jckpt.engine.app.redundancy.LocalRebuild}, {@link org.jckpt.engine.app.redundancy.RebuildPlan}).
 */
package org.jckpt.engine.app.redundancy;
