/**
 * Angular: a standalone directive that types the element's inputs in templates checked with
 * `strictTemplates`, and sets them as the element's properties. Import it next to
 * `CUSTOM_ELEMENTS_SCHEMA` (which lets Angular accept the tag at all):
 *
 *   @Component({ imports: [PwlessLoginDirective], schemas: [CUSTOM_ELEMENTS_SCHEMA], template:
 *     `<pwless-login [client]="client" dialect="auth0" (pwless-signed-in)="signedIn($event)" />` })
 *
 * The events need no wrapper: the element's own `HTMLElementEventMap` entries type `$event`
 * (`PwlessSignedInEvent` for `(pwless-signed-in)`) once this module is imported.
 *
 * Compiled by the Angular compiler (`ngc`, partial compilation) like any Angular library, so an
 * app's own build links it.
 */
import { Directive, ElementRef, Input, inject } from '@angular/core';
import type { MessageOverrides, PwlessLogin } from '@pwless/login';
import type { Channel, Delivery, DialectName, Mode, PwlessClient } from '@pwless/sdk';

@Directive({ selector: 'pwless-login' })
export class PwlessLoginDirective {
  readonly #element: PwlessLogin = inject<ElementRef<PwlessLogin>>(ElementRef).nativeElement;

  /** The issuer URL of the OpenID provider (or the vendor's base URL with `dialect`). */
  @Input() set issuer(value: string) {
    this.#element.issuer = value;
  }

  /** The public client's `client_id` (the `client-id` attribute). */
  @Input() set clientId(value: string) {
    this.#element.clientId = value;
  }

  @Input() set scope(value: string | undefined) {
    this.#element.scope = value;
  }

  @Input() set redirectUri(value: string | undefined) {
    this.#element.redirectUri = value;
  }

  @Input() set linkUri(value: string | undefined) {
    this.#element.linkUri = value;
  }

  @Input() set delivery(value: Delivery) {
    this.#element.delivery = value;
  }

  @Input() set channel(value: Channel) {
    this.#element.channel = value;
  }

  @Input() set mode(value: Mode) {
    this.#element.mode = value;
  }

  /** The backend's protocol: `pwless` (default), `auth0`, `kratos` or `appwrite`. */
  @Input() set dialect(value: DialectName) {
    this.#element.dialect = value;
  }

  /** A ready client; when set, `issuer`, `clientId` and the other client inputs are not used. */
  @Input() set client(value: PwlessClient | undefined) {
    this.#element.client = value;
  }

  /** Replaces any of the texts, in every language. */
  @Input() set messages(value: MessageOverrides | undefined) {
    this.#element.messages = value;
  }
}
