/**
 * Messages. API: the handler annotations ({@link dev.wsjwt.dispatch.Handles},
 * {@link dev.wsjwt.dispatch.RequiresPermission}, {@link dev.wsjwt.dispatch.AnyAuthenticated},
 * {@link dev.wsjwt.dispatch.NonBlocking}), {@link dev.wsjwt.dispatch.MessageException} and
 * {@link dev.wsjwt.dispatch.ErrorCode}. The dispatcher, envelope and replies are internal.
 */
package dev.wsjwt.dispatch;
