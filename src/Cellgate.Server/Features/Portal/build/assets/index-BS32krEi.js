const ze=globalThis,xs=ze.ShadowRoot&&(ze.ShadyCSS===void 0||ze.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,ks=Symbol(),Vs=new WeakMap;let Ai=class{constructor(t,s,i){if(this._$cssResult$=!0,i!==ks)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=t,this.t=s}get styleSheet(){let t=this.o;const s=this.t;if(xs&&t===void 0){const i=s!==void 0&&s.length===1;i&&(t=Vs.get(s)),t===void 0&&((this.o=t=new CSSStyleSheet).replaceSync(this.cssText),i&&Vs.set(s,t))}return t}toString(){return this.cssText}};const lo=e=>new Ai(typeof e=="string"?e:e+"",void 0,ks),U=(e,...t)=>{const s=e.length===1?e[0]:t.reduce((i,o,r)=>i+(a=>{if(a._$cssResult$===!0)return a.cssText;if(typeof a=="number")return a;throw Error("Value passed to 'css' function must be a 'css' function result: "+a+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(o)+e[r+1],e[0]);return new Ai(s,e,ks)},no=(e,t)=>{if(xs)e.adoptedStyleSheets=t.map(s=>s instanceof CSSStyleSheet?s:s.styleSheet);else for(const s of t){const i=document.createElement("style"),o=ze.litNonce;o!==void 0&&i.setAttribute("nonce",o),i.textContent=s.cssText,e.appendChild(i)}},Hs=xs?e=>e:e=>e instanceof CSSStyleSheet?(t=>{let s="";for(const i of t.cssRules)s+=i.cssText;return lo(s)})(e):e;const{is:co,defineProperty:ho,getOwnPropertyDescriptor:uo,getOwnPropertyNames:po,getOwnPropertySymbols:fo,getPrototypeOf:mo}=Object,qe=globalThis,Ws=qe.trustedTypes,bo=Ws?Ws.emptyScript:"",go=qe.reactiveElementPolyfillSupport,me=(e,t)=>e,te={toAttribute(e,t){switch(t){case Boolean:e=e?bo:null;break;case Object:case Array:e=e==null?e:JSON.stringify(e)}return e},fromAttribute(e,t){let s=e;switch(t){case Boolean:s=e!==null;break;case Number:s=e===null?null:Number(e);break;case Object:case Array:try{s=JSON.parse(e)}catch{s=null}}return s}},Cs=(e,t)=>!co(e,t),js={attribute:!0,type:String,converter:te,reflect:!1,useDefault:!1,hasChanged:Cs};Symbol.metadata??=Symbol("metadata"),qe.litPropertyMetadata??=new WeakMap;let Jt=class extends HTMLElement{static addInitializer(t){this._$Ei(),(this.l??=[]).push(t)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(t,s=js){if(s.state&&(s.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(t)&&((s=Object.create(s)).wrapped=!0),this.elementProperties.set(t,s),!s.noAccessor){const i=Symbol(),o=this.getPropertyDescriptor(t,i,s);o!==void 0&&ho(this.prototype,t,o)}}static getPropertyDescriptor(t,s,i){const{get:o,set:r}=uo(this.prototype,t)??{get(){return this[s]},set(a){this[s]=a}};return{get:o,set(a){const d=o?.call(this);r?.call(this,a),this.requestUpdate(t,d,i)},configurable:!0,enumerable:!0}}static getPropertyOptions(t){return this.elementProperties.get(t)??js}static _$Ei(){if(this.hasOwnProperty(me("elementProperties")))return;const t=mo(this);t.finalize(),t.l!==void 0&&(this.l=[...t.l]),this.elementProperties=new Map(t.elementProperties)}static finalize(){if(this.hasOwnProperty(me("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(me("properties"))){const s=this.properties,i=[...po(s),...fo(s)];for(const o of i)this.createProperty(o,s[o])}const t=this[Symbol.metadata];if(t!==null){const s=litPropertyMetadata.get(t);if(s!==void 0)for(const[i,o]of s)this.elementProperties.set(i,o)}this._$Eh=new Map;for(const[s,i]of this.elementProperties){const o=this._$Eu(s,i);o!==void 0&&this._$Eh.set(o,s)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(t){const s=[];if(Array.isArray(t)){const i=new Set(t.flat(1/0).reverse());for(const o of i)s.unshift(Hs(o))}else t!==void 0&&s.push(Hs(t));return s}static _$Eu(t,s){const i=s.attribute;return i===!1?void 0:typeof i=="string"?i:typeof t=="string"?t.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(t=>this.enableUpdating=t),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(t=>t(this))}addController(t){(this._$EO??=new Set).add(t),this.renderRoot!==void 0&&this.isConnected&&t.hostConnected?.()}removeController(t){this._$EO?.delete(t)}_$E_(){const t=new Map,s=this.constructor.elementProperties;for(const i of s.keys())this.hasOwnProperty(i)&&(t.set(i,this[i]),delete this[i]);t.size>0&&(this._$Ep=t)}createRenderRoot(){const t=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return no(t,this.constructor.elementStyles),t}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(t=>t.hostConnected?.())}enableUpdating(t){}disconnectedCallback(){this._$EO?.forEach(t=>t.hostDisconnected?.())}attributeChangedCallback(t,s,i){this._$AK(t,i)}_$ET(t,s){const i=this.constructor.elementProperties.get(t),o=this.constructor._$Eu(t,i);if(o!==void 0&&i.reflect===!0){const r=(i.converter?.toAttribute!==void 0?i.converter:te).toAttribute(s,i.type);this._$Em=t,r==null?this.removeAttribute(o):this.setAttribute(o,r),this._$Em=null}}_$AK(t,s){const i=this.constructor,o=i._$Eh.get(t);if(o!==void 0&&this._$Em!==o){const r=i.getPropertyOptions(o),a=typeof r.converter=="function"?{fromAttribute:r.converter}:r.converter?.fromAttribute!==void 0?r.converter:te;this._$Em=o;const d=a.fromAttribute(s,r.type);this[o]=d??this._$Ej?.get(o)??d,this._$Em=null}}requestUpdate(t,s,i,o=!1,r){if(t!==void 0){const a=this.constructor;if(o===!1&&(r=this[t]),i??=a.getPropertyOptions(t),!((i.hasChanged??Cs)(r,s)||i.useDefault&&i.reflect&&r===this._$Ej?.get(t)&&!this.hasAttribute(a._$Eu(t,i))))return;this.C(t,s,i)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(t,s,{useDefault:i,reflect:o,wrapped:r},a){i&&!(this._$Ej??=new Map).has(t)&&(this._$Ej.set(t,a??s??this[t]),r!==!0||a!==void 0)||(this._$AL.has(t)||(this.hasUpdated||i||(s=void 0),this._$AL.set(t,s)),o===!0&&this._$Em!==t&&(this._$Eq??=new Set).add(t))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(s){Promise.reject(s)}const t=this.scheduleUpdate();return t!=null&&await t,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(const[o,r]of this._$Ep)this[o]=r;this._$Ep=void 0}const i=this.constructor.elementProperties;if(i.size>0)for(const[o,r]of i){const{wrapped:a}=r,d=this[o];a!==!0||this._$AL.has(o)||d===void 0||this.C(o,void 0,r,d)}}let t=!1;const s=this._$AL;try{t=this.shouldUpdate(s),t?(this.willUpdate(s),this._$EO?.forEach(i=>i.hostUpdate?.()),this.update(s)):this._$EM()}catch(i){throw t=!1,this._$EM(),i}t&&this._$AE(s)}willUpdate(t){}_$AE(t){this._$EO?.forEach(s=>s.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(t)),this.updated(t)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(t){return!0}update(t){this._$Eq&&=this._$Eq.forEach(s=>this._$ET(s,this[s])),this._$EM()}updated(t){}firstUpdated(t){}};Jt.elementStyles=[],Jt.shadowRootOptions={mode:"open"},Jt[me("elementProperties")]=new Map,Jt[me("finalized")]=new Map,go?.({ReactiveElement:Jt}),(qe.reactiveElementVersions??=[]).push("2.1.2");const Ss=globalThis,Ks=e=>e,De=Ss.trustedTypes,Xs=De?De.createPolicy("lit-html",{createHTML:e=>e}):void 0,Ei="$lit$",Et=`lit$${Math.random().toFixed(9).slice(2)}$`,Ti="?"+Et,vo=`<${Ti}>`,Ut=document,be=()=>Ut.createComment(""),ge=e=>e===null||typeof e!="object"&&typeof e!="function",As=Array.isArray,yo=e=>As(e)||typeof e?.[Symbol.iterator]=="function",Qe=`[ 	
\f\r]`,le=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,Ys=/-->/g,Js=/>/g,Nt=RegExp(`>|${Qe}(?:([^\\s"'>=/]+)(${Qe}*=${Qe}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),Gs=/'/g,Zs=/"/g,zi=/^(?:script|style|textarea|title)$/i,wo=e=>(t,...s)=>({_$litType$:e,strings:t,values:s}),n=wo(1),rt=Symbol.for("lit-noChange"),L=Symbol.for("lit-nothing"),Qs=new WeakMap,qt=Ut.createTreeWalker(Ut,129);function Oi(e,t){if(!As(e)||!e.hasOwnProperty("raw"))throw Error("invalid template strings array");return Xs!==void 0?Xs.createHTML(t):t}const _o=(e,t)=>{const s=e.length-1,i=[];let o,r=t===2?"<svg>":t===3?"<math>":"",a=le;for(let d=0;d<s;d++){const h=e[d];let u,m,p=-1,b=0;for(;b<h.length&&(a.lastIndex=b,m=a.exec(h),m!==null);)b=a.lastIndex,a===le?m[1]==="!--"?a=Ys:m[1]!==void 0?a=Js:m[2]!==void 0?(zi.test(m[2])&&(o=RegExp("</"+m[2],"g")),a=Nt):m[3]!==void 0&&(a=Nt):a===Nt?m[0]===">"?(a=o??le,p=-1):m[1]===void 0?p=-2:(p=a.lastIndex-m[2].length,u=m[1],a=m[3]===void 0?Nt:m[3]==='"'?Zs:Gs):a===Zs||a===Gs?a=Nt:a===Ys||a===Js?a=le:(a=Nt,o=void 0);const f=a===Nt&&e[d+1].startsWith("/>")?" ":"";r+=a===le?h+vo:p>=0?(i.push(u),h.slice(0,p)+Ei+h.slice(p)+Et+f):h+Et+(p===-2?d:f)}return[Oi(e,r+(e[s]||"<?>")+(t===2?"</svg>":t===3?"</math>":"")),i]};class ve{constructor({strings:t,_$litType$:s},i){let o;this.parts=[];let r=0,a=0;const d=t.length-1,h=this.parts,[u,m]=_o(t,s);if(this.el=ve.createElement(u,i),qt.currentNode=this.el.content,s===2||s===3){const p=this.el.content.firstChild;p.replaceWith(...p.childNodes)}for(;(o=qt.nextNode())!==null&&h.length<d;){if(o.nodeType===1){if(o.hasAttributes())for(const p of o.getAttributeNames())if(p.endsWith(Ei)){const b=m[a++],f=o.getAttribute(p).split(Et),g=/([.?@])?(.*)/.exec(b);h.push({type:1,index:r,name:g[2],strings:f,ctor:g[1]==="."?xo:g[1]==="?"?ko:g[1]==="@"?Co:Fe}),o.removeAttribute(p)}else p.startsWith(Et)&&(h.push({type:6,index:r}),o.removeAttribute(p));if(zi.test(o.tagName)){const p=o.textContent.split(Et),b=p.length-1;if(b>0){o.textContent=De?De.emptyScript:"";for(let f=0;f<b;f++)o.append(p[f],be()),qt.nextNode(),h.push({type:2,index:++r});o.append(p[b],be())}}}else if(o.nodeType===8)if(o.data===Ti)h.push({type:2,index:r});else{let p=-1;for(;(p=o.data.indexOf(Et,p+1))!==-1;)h.push({type:7,index:r}),p+=Et.length-1}r++}}static createElement(t,s){const i=Ut.createElement("template");return i.innerHTML=t,i}}function ee(e,t,s=e,i){if(t===rt)return t;let o=i!==void 0?s._$Co?.[i]:s._$Cl;const r=ge(t)?void 0:t._$litDirective$;return o?.constructor!==r&&(o?._$AO?.(!1),r===void 0?o=void 0:(o=new r(e),o._$AT(e,s,i)),i!==void 0?(s._$Co??=[])[i]=o:s._$Cl=o),o!==void 0&&(t=ee(e,o._$AS(e,t.values),o,i)),t}class $o{constructor(t,s){this._$AV=[],this._$AN=void 0,this._$AD=t,this._$AM=s}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(t){const{el:{content:s},parts:i}=this._$AD,o=(t?.creationScope??Ut).importNode(s,!0);qt.currentNode=o;let r=qt.nextNode(),a=0,d=0,h=i[0];for(;h!==void 0;){if(a===h.index){let u;h.type===2?u=new $e(r,r.nextSibling,this,t):h.type===1?u=new h.ctor(r,h.name,h.strings,this,t):h.type===6&&(u=new So(r,this,t)),this._$AV.push(u),h=i[++d]}a!==h?.index&&(r=qt.nextNode(),a++)}return qt.currentNode=Ut,o}p(t){let s=0;for(const i of this._$AV)i!==void 0&&(i.strings!==void 0?(i._$AI(t,i,s),s+=i.strings.length-2):i._$AI(t[s])),s++}}class $e{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(t,s,i,o){this.type=2,this._$AH=L,this._$AN=void 0,this._$AA=t,this._$AB=s,this._$AM=i,this.options=o,this._$Cv=o?.isConnected??!0}get parentNode(){let t=this._$AA.parentNode;const s=this._$AM;return s!==void 0&&t?.nodeType===11&&(t=s.parentNode),t}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(t,s=this){t=ee(this,t,s),ge(t)?t===L||t==null||t===""?(this._$AH!==L&&this._$AR(),this._$AH=L):t!==this._$AH&&t!==rt&&this._(t):t._$litType$!==void 0?this.$(t):t.nodeType!==void 0?this.T(t):yo(t)?this.k(t):this._(t)}O(t){return this._$AA.parentNode.insertBefore(t,this._$AB)}T(t){this._$AH!==t&&(this._$AR(),this._$AH=this.O(t))}_(t){this._$AH!==L&&ge(this._$AH)?this._$AA.nextSibling.data=t:this.T(Ut.createTextNode(t)),this._$AH=t}$(t){const{values:s,_$litType$:i}=t,o=typeof i=="number"?this._$AC(t):(i.el===void 0&&(i.el=ve.createElement(Oi(i.h,i.h[0]),this.options)),i);if(this._$AH?._$AD===o)this._$AH.p(s);else{const r=new $o(o,this),a=r.u(this.options);r.p(s),this.T(a),this._$AH=r}}_$AC(t){let s=Qs.get(t.strings);return s===void 0&&Qs.set(t.strings,s=new ve(t)),s}k(t){As(this._$AH)||(this._$AH=[],this._$AR());const s=this._$AH;let i,o=0;for(const r of t)o===s.length?s.push(i=new $e(this.O(be()),this.O(be()),this,this.options)):i=s[o],i._$AI(r),o++;o<s.length&&(this._$AR(i&&i._$AB.nextSibling,o),s.length=o)}_$AR(t=this._$AA.nextSibling,s){for(this._$AP?.(!1,!0,s);t!==this._$AB;){const i=Ks(t).nextSibling;Ks(t).remove(),t=i}}setConnected(t){this._$AM===void 0&&(this._$Cv=t,this._$AP?.(t))}}class Fe{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(t,s,i,o,r){this.type=1,this._$AH=L,this._$AN=void 0,this.element=t,this.name=s,this._$AM=o,this.options=r,i.length>2||i[0]!==""||i[1]!==""?(this._$AH=Array(i.length-1).fill(new String),this.strings=i):this._$AH=L}_$AI(t,s=this,i,o){const r=this.strings;let a=!1;if(r===void 0)t=ee(this,t,s,0),a=!ge(t)||t!==this._$AH&&t!==rt,a&&(this._$AH=t);else{const d=t;let h,u;for(t=r[0],h=0;h<r.length-1;h++)u=ee(this,d[i+h],s,h),u===rt&&(u=this._$AH[h]),a||=!ge(u)||u!==this._$AH[h],u===L?t=L:t!==L&&(t+=(u??"")+r[h+1]),this._$AH[h]=u}a&&!o&&this.j(t)}j(t){t===L?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,t??"")}}class xo extends Fe{constructor(){super(...arguments),this.type=3}j(t){this.element[this.name]=t===L?void 0:t}}class ko extends Fe{constructor(){super(...arguments),this.type=4}j(t){this.element.toggleAttribute(this.name,!!t&&t!==L)}}class Co extends Fe{constructor(t,s,i,o,r){super(t,s,i,o,r),this.type=5}_$AI(t,s=this){if((t=ee(this,t,s,0)??L)===rt)return;const i=this._$AH,o=t===L&&i!==L||t.capture!==i.capture||t.once!==i.once||t.passive!==i.passive,r=t!==L&&(i===L||o);o&&this.element.removeEventListener(this.name,this,i),r&&this.element.addEventListener(this.name,this,t),this._$AH=t}handleEvent(t){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,t):this._$AH.handleEvent(t)}}class So{constructor(t,s,i){this.element=t,this.type=6,this._$AN=void 0,this._$AM=s,this.options=i}get _$AU(){return this._$AM._$AU}_$AI(t){ee(this,t)}}const Ao=Ss.litHtmlPolyfillSupport;Ao?.(ve,$e),(Ss.litHtmlVersions??=[]).push("3.3.3");const Eo=(e,t,s)=>{const i=s?.renderBefore??t;let o=i._$litPart$;if(o===void 0){const r=s?.renderBefore??null;i._$litPart$=o=new $e(t.insertBefore(be(),r),r,void 0,s??{})}return o._$AI(e),o};const Es=globalThis;let Zt=class extends Jt{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){const t=super.createRenderRoot();return this.renderOptions.renderBefore??=t.firstChild,t}update(t){const s=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(t),this._$Do=Eo(s,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return rt}};Zt._$litElement$=!0,Zt.finalized=!0,Es.litElementHydrateSupport?.({LitElement:Zt});const To=Es.litElementPolyfillSupport;To?.({LitElement:Zt});(Es.litElementVersions??=[]).push("4.2.2");const At={ATTRIBUTE:1,CHILD:2,PROPERTY:3,BOOLEAN_ATTRIBUTE:4},Ue=e=>(...t)=>({_$litDirective$:e,values:t});let Ve=class{constructor(t){}get _$AU(){return this._$AM._$AU}_$AT(t,s,i){this._$Ct=t,this._$AM=s,this._$Ci=i}_$AS(t,s){return this.update(t,s)}update(t,s){return this.render(...s)}};const zo=(e,t)=>e?._$litType$!==void 0,Oo=e=>e.strings===void 0,Io={},Ii=(e,t=Io)=>e._$AH=t;const Po=Ue(class extends Ve{constructor(){super(...arguments),this.key=L}render(e,t){return this.key=e,t}update(e,[t,s]){return t!==this.key&&(Ii(e),this.key=t),s}});var Pi=e=>{var t;const{activeElement:s}=document;s&&e.contains(s)&&((t=document.activeElement)==null||t.blur())},Do=U`
  :host {
    display: inline-block;
    color: var(--sl-color-neutral-600);
  }

  .icon-button {
    flex: 0 0 auto;
    display: flex;
    align-items: center;
    background: none;
    border: none;
    border-radius: var(--sl-border-radius-medium);
    font-size: inherit;
    color: inherit;
    padding: var(--sl-spacing-x-small);
    cursor: pointer;
    transition: var(--sl-transition-x-fast) color;
    -webkit-appearance: none;
  }

  .icon-button:hover:not(.icon-button--disabled),
  .icon-button:focus-visible:not(.icon-button--disabled) {
    color: var(--sl-color-primary-600);
  }

  .icon-button:active:not(.icon-button--disabled) {
    color: var(--sl-color-primary-700);
  }

  .icon-button:focus {
    outline: none;
  }

  .icon-button--disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }

  .icon-button:focus-visible {
    outline: var(--sl-focus-ring);
    outline-offset: var(--sl-focus-ring-offset);
  }

  .icon-button__icon {
    pointer-events: none;
  }
`,hs="";function ti(e){hs=e}function Lo(e=""){if(!hs){const t=[...document.getElementsByTagName("script")],s=t.find(i=>i.hasAttribute("data-shoelace"));if(s)ti(s.getAttribute("data-shoelace"));else{const i=t.find(r=>/shoelace(\.min)?\.js($|\?)/.test(r.src)||/shoelace-autoloader(\.min)?\.js($|\?)/.test(r.src));let o="";i&&(o=i.getAttribute("src")),ti(o.split("/").slice(0,-1).join("/"))}}return hs.replace(/\/$/,"")+(e?`/${e.replace(/^\//,"")}`:"")}var No={name:"default",resolver:e=>Lo(`assets/icons/${e}.svg`)},Ro=No,ei={caret:`
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
      <polyline points="6 9 12 15 18 9"></polyline>
    </svg>
  `,check:`
    <svg part="checked-icon" class="checkbox__icon" viewBox="0 0 16 16">
      <g stroke="none" stroke-width="1" fill="none" fill-rule="evenodd" stroke-linecap="round">
        <g stroke="currentColor">
          <g transform="translate(3.428571, 3.428571)">
            <path d="M0,5.71428571 L3.42857143,9.14285714"></path>
            <path d="M9.14285714,0 L3.42857143,9.14285714"></path>
          </g>
        </g>
      </g>
    </svg>
  `,"chevron-down":`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-chevron-down" viewBox="0 0 16 16">
      <path fill-rule="evenodd" d="M1.646 4.646a.5.5 0 0 1 .708 0L8 10.293l5.646-5.647a.5.5 0 0 1 .708.708l-6 6a.5.5 0 0 1-.708 0l-6-6a.5.5 0 0 1 0-.708z"/>
    </svg>
  `,"chevron-left":`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-chevron-left" viewBox="0 0 16 16">
      <path fill-rule="evenodd" d="M11.354 1.646a.5.5 0 0 1 0 .708L5.707 8l5.647 5.646a.5.5 0 0 1-.708.708l-6-6a.5.5 0 0 1 0-.708l6-6a.5.5 0 0 1 .708 0z"/>
    </svg>
  `,"chevron-right":`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-chevron-right" viewBox="0 0 16 16">
      <path fill-rule="evenodd" d="M4.646 1.646a.5.5 0 0 1 .708 0l6 6a.5.5 0 0 1 0 .708l-6 6a.5.5 0 0 1-.708-.708L10.293 8 4.646 2.354a.5.5 0 0 1 0-.708z"/>
    </svg>
  `,copy:`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-copy" viewBox="0 0 16 16">
      <path fill-rule="evenodd" d="M4 2a2 2 0 0 1 2-2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V2Zm2-1a1 1 0 0 0-1 1v8a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V2a1 1 0 0 0-1-1H6ZM2 5a1 1 0 0 0-1 1v8a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1v-1h1v1a2 2 0 0 1-2 2H2a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2h1v1H2Z"/>
    </svg>
  `,eye:`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-eye" viewBox="0 0 16 16">
      <path d="M16 8s-3-5.5-8-5.5S0 8 0 8s3 5.5 8 5.5S16 8 16 8zM1.173 8a13.133 13.133 0 0 1 1.66-2.043C4.12 4.668 5.88 3.5 8 3.5c2.12 0 3.879 1.168 5.168 2.457A13.133 13.133 0 0 1 14.828 8c-.058.087-.122.183-.195.288-.335.48-.83 1.12-1.465 1.755C11.879 11.332 10.119 12.5 8 12.5c-2.12 0-3.879-1.168-5.168-2.457A13.134 13.134 0 0 1 1.172 8z"/>
      <path d="M8 5.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5zM4.5 8a3.5 3.5 0 1 1 7 0 3.5 3.5 0 0 1-7 0z"/>
    </svg>
  `,"eye-slash":`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-eye-slash" viewBox="0 0 16 16">
      <path d="M13.359 11.238C15.06 9.72 16 8 16 8s-3-5.5-8-5.5a7.028 7.028 0 0 0-2.79.588l.77.771A5.944 5.944 0 0 1 8 3.5c2.12 0 3.879 1.168 5.168 2.457A13.134 13.134 0 0 1 14.828 8c-.058.087-.122.183-.195.288-.335.48-.83 1.12-1.465 1.755-.165.165-.337.328-.517.486l.708.709z"/>
      <path d="M11.297 9.176a3.5 3.5 0 0 0-4.474-4.474l.823.823a2.5 2.5 0 0 1 2.829 2.829l.822.822zm-2.943 1.299.822.822a3.5 3.5 0 0 1-4.474-4.474l.823.823a2.5 2.5 0 0 0 2.829 2.829z"/>
      <path d="M3.35 5.47c-.18.16-.353.322-.518.487A13.134 13.134 0 0 0 1.172 8l.195.288c.335.48.83 1.12 1.465 1.755C4.121 11.332 5.881 12.5 8 12.5c.716 0 1.39-.133 2.02-.36l.77.772A7.029 7.029 0 0 1 8 13.5C3 13.5 0 8 0 8s.939-1.721 2.641-3.238l.708.709zm10.296 8.884-12-12 .708-.708 12 12-.708.708z"/>
    </svg>
  `,eyedropper:`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-eyedropper" viewBox="0 0 16 16">
      <path d="M13.354.646a1.207 1.207 0 0 0-1.708 0L8.5 3.793l-.646-.647a.5.5 0 1 0-.708.708L8.293 5l-7.147 7.146A.5.5 0 0 0 1 12.5v1.793l-.854.853a.5.5 0 1 0 .708.707L1.707 15H3.5a.5.5 0 0 0 .354-.146L11 7.707l1.146 1.147a.5.5 0 0 0 .708-.708l-.647-.646 3.147-3.146a1.207 1.207 0 0 0 0-1.708l-2-2zM2 12.707l7-7L10.293 7l-7 7H2v-1.293z"></path>
    </svg>
  `,"grip-vertical":`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-grip-vertical" viewBox="0 0 16 16">
      <path d="M7 2a1 1 0 1 1-2 0 1 1 0 0 1 2 0zm3 0a1 1 0 1 1-2 0 1 1 0 0 1 2 0zM7 5a1 1 0 1 1-2 0 1 1 0 0 1 2 0zm3 0a1 1 0 1 1-2 0 1 1 0 0 1 2 0zM7 8a1 1 0 1 1-2 0 1 1 0 0 1 2 0zm3 0a1 1 0 1 1-2 0 1 1 0 0 1 2 0zm-3 3a1 1 0 1 1-2 0 1 1 0 0 1 2 0zm3 0a1 1 0 1 1-2 0 1 1 0 0 1 2 0zm-3 3a1 1 0 1 1-2 0 1 1 0 0 1 2 0zm3 0a1 1 0 1 1-2 0 1 1 0 0 1 2 0z"></path>
    </svg>
  `,indeterminate:`
    <svg part="indeterminate-icon" class="checkbox__icon" viewBox="0 0 16 16">
      <g stroke="none" stroke-width="1" fill="none" fill-rule="evenodd" stroke-linecap="round">
        <g stroke="currentColor" stroke-width="2">
          <g transform="translate(2.285714, 6.857143)">
            <path d="M10.2857143,1.14285714 L1.14285714,1.14285714"></path>
          </g>
        </g>
      </g>
    </svg>
  `,"person-fill":`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-person-fill" viewBox="0 0 16 16">
      <path d="M3 14s-1 0-1-1 1-4 6-4 6 3 6 4-1 1-1 1H3zm5-6a3 3 0 1 0 0-6 3 3 0 0 0 0 6z"/>
    </svg>
  `,"play-fill":`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-play-fill" viewBox="0 0 16 16">
      <path d="m11.596 8.697-6.363 3.692c-.54.313-1.233-.066-1.233-.697V4.308c0-.63.692-1.01 1.233-.696l6.363 3.692a.802.802 0 0 1 0 1.393z"></path>
    </svg>
  `,"pause-fill":`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-pause-fill" viewBox="0 0 16 16">
      <path d="M5.5 3.5A1.5 1.5 0 0 1 7 5v6a1.5 1.5 0 0 1-3 0V5a1.5 1.5 0 0 1 1.5-1.5zm5 0A1.5 1.5 0 0 1 12 5v6a1.5 1.5 0 0 1-3 0V5a1.5 1.5 0 0 1 1.5-1.5z"></path>
    </svg>
  `,radio:`
    <svg part="checked-icon" class="radio__icon" viewBox="0 0 16 16">
      <g stroke="none" stroke-width="1" fill="none" fill-rule="evenodd">
        <g fill="currentColor">
          <circle cx="8" cy="8" r="3.42857143"></circle>
        </g>
      </g>
    </svg>
  `,"star-fill":`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-star-fill" viewBox="0 0 16 16">
      <path d="M3.612 15.443c-.386.198-.824-.149-.746-.592l.83-4.73L.173 6.765c-.329-.314-.158-.888.283-.95l4.898-.696L7.538.792c.197-.39.73-.39.927 0l2.184 4.327 4.898.696c.441.062.612.636.282.95l-3.522 3.356.83 4.73c.078.443-.36.79-.746.592L8 13.187l-4.389 2.256z"/>
    </svg>
  `,"x-lg":`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-x-lg" viewBox="0 0 16 16">
      <path d="M2.146 2.854a.5.5 0 1 1 .708-.708L8 7.293l5.146-5.147a.5.5 0 0 1 .708.708L8.707 8l5.147 5.146a.5.5 0 0 1-.708.708L8 8.707l-5.146 5.147a.5.5 0 0 1-.708-.708L7.293 8 2.146 2.854Z"/>
    </svg>
  `,"x-circle-fill":`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-x-circle-fill" viewBox="0 0 16 16">
      <path d="M16 8A8 8 0 1 1 0 8a8 8 0 0 1 16 0zM5.354 4.646a.5.5 0 1 0-.708.708L7.293 8l-2.647 2.646a.5.5 0 0 0 .708.708L8 8.707l2.646 2.647a.5.5 0 0 0 .708-.708L8.707 8l2.647-2.646a.5.5 0 0 0-.708-.708L8 7.293 5.354 4.646z"></path>
    </svg>
  `},Mo={name:"system",resolver:e=>e in ei?`data:image/svg+xml,${encodeURIComponent(ei[e])}`:""},Bo=Mo,qo=[Ro,Bo],us=[];function Fo(e){us.push(e)}function Uo(e){us=us.filter(t=>t!==e)}function si(e){return qo.find(t=>t.name===e)}var Vo=U`
  :host {
    display: inline-block;
    width: 1em;
    height: 1em;
    box-sizing: content-box !important;
  }

  svg {
    display: block;
    height: 100%;
    width: 100%;
  }
`,Di=Object.defineProperty,Ho=Object.defineProperties,Wo=Object.getOwnPropertyDescriptor,jo=Object.getOwnPropertyDescriptors,ii=Object.getOwnPropertySymbols,Ko=Object.prototype.hasOwnProperty,Xo=Object.prototype.propertyIsEnumerable,ts=(e,t)=>(t=Symbol[e])?t:Symbol.for("Symbol."+e),Ts=e=>{throw TypeError(e)},oi=(e,t,s)=>t in e?Di(e,t,{enumerable:!0,configurable:!0,writable:!0,value:s}):e[t]=s,jt=(e,t)=>{for(var s in t||(t={}))Ko.call(t,s)&&oi(e,s,t[s]);if(ii)for(var s of ii(t))Xo.call(t,s)&&oi(e,s,t[s]);return e},He=(e,t)=>Ho(e,jo(t)),l=(e,t,s,i)=>{for(var o=i>1?void 0:i?Wo(t,s):t,r=e.length-1,a;r>=0;r--)(a=e[r])&&(o=(i?a(t,s,o):a(o))||o);return i&&o&&Di(t,s,o),o},Li=(e,t,s)=>t.has(e)||Ts("Cannot "+s),Yo=(e,t,s)=>(Li(e,t,"read from private field"),t.get(e)),Jo=(e,t,s)=>t.has(e)?Ts("Cannot add the same private member more than once"):t instanceof WeakSet?t.add(e):t.set(e,s),Go=(e,t,s,i)=>(Li(e,t,"write to private field"),t.set(e,s),s),Zo=function(e,t){this[0]=e,this[1]=t},Qo=e=>{var t=e[ts("asyncIterator")],s=!1,i,o={};return t==null?(t=e[ts("iterator")](),i=r=>o[r]=a=>t[r](a)):(t=t.call(e),i=r=>o[r]=a=>{if(s){if(s=!1,r==="throw")throw a;return a}return s=!0,{done:!1,value:new Zo(new Promise(d=>{var h=t[r](a);h instanceof Object||Ts("Object expected"),d(h)}),1)}}),o[ts("iterator")]=()=>o,i("next"),"throw"in t?i("throw"):o.throw=r=>{throw r},"return"in t&&i("return"),o};function R(e,t){const s=jt({waitUntilFirstUpdate:!1},t);return(i,o)=>{const{update:r}=i,a=Array.isArray(e)?e:[e];i.update=function(d){a.forEach(h=>{const u=h;if(d.has(u)){const m=d.get(u),p=this[u];m!==p&&(!s.waitUntilFirstUpdate||this.hasUpdated)&&this[o](m,p)}}),r.call(this,d)}}}var W=U`
  :host {
    box-sizing: border-box;
  }

  :host *,
  :host *::before,
  :host *::after {
    box-sizing: inherit;
  }

  [hidden] {
    display: none !important;
  }
`;const tr={attribute:!0,type:String,converter:te,reflect:!1,hasChanged:Cs},er=(e=tr,t,s)=>{const{kind:i,metadata:o}=s;let r=globalThis.litPropertyMetadata.get(o);if(r===void 0&&globalThis.litPropertyMetadata.set(o,r=new Map),i==="setter"&&((e=Object.create(e)).wrapped=!0),r.set(s.name,e),i==="accessor"){const{name:a}=s;return{set(d){const h=t.get.call(this);t.set.call(this,d),this.requestUpdate(a,h,e,!0,d)},init(d){return d!==void 0&&this.C(a,void 0,e,d),d}}}if(i==="setter"){const{name:a}=s;return function(d){const h=this[a];t.call(this,d),this.requestUpdate(a,h,e,!0,d)}}throw Error("Unsupported decorator location: "+i)};function c(e){return(t,s)=>typeof s=="object"?er(e,t,s):((i,o,r)=>{const a=o.hasOwnProperty(r);return o.constructor.createProperty(r,i),a?Object.getOwnPropertyDescriptor(o,r):void 0})(e,t,s)}function F(e){return c({...e,state:!0,attribute:!1})}const sr=(e,t,s)=>(s.configurable=!0,s.enumerable=!0,Reflect.decorate&&typeof t!="object"&&Object.defineProperty(e,t,s),s);function P(e,t){return(s,i,o)=>{const r=a=>a.renderRoot?.querySelector(e)??null;return sr(s,i,{get(){return r(this)}})}}var Oe,M=class extends Zt{constructor(){super(),Jo(this,Oe,!1),this.initialReflectedProperties=new Map,Object.entries(this.constructor.dependencies).forEach(([e,t])=>{this.constructor.define(e,t)})}emit(e,t){const s=new CustomEvent(e,jt({bubbles:!0,cancelable:!1,composed:!0,detail:{}},t));return this.dispatchEvent(s),s}static define(e,t=this,s={}){const i=customElements.get(e);if(!i){try{customElements.define(e,t,s)}catch{customElements.define(e,class extends t{},s)}return}let o=" (unknown version)",r=o;"version"in t&&t.version&&(o=" v"+t.version),"version"in i&&i.version&&(r=" v"+i.version),!(o&&r&&o===r)&&console.warn(`Attempted to register <${e}>${o}, but <${e}>${r} has already been registered.`)}attributeChangedCallback(e,t,s){Yo(this,Oe)||(this.constructor.elementProperties.forEach((i,o)=>{i.reflect&&this[o]!=null&&this.initialReflectedProperties.set(o,this[o])}),Go(this,Oe,!0)),super.attributeChangedCallback(e,t,s)}willUpdate(e){super.willUpdate(e),this.initialReflectedProperties.forEach((t,s)=>{e.has(s)&&this[s]==null&&(this[s]=t)})}};Oe=new WeakMap;M.version="2.20.1";M.dependencies={};l([c()],M.prototype,"dir",2);l([c()],M.prototype,"lang",2);var ne=Symbol(),Se=Symbol(),es,ss=new Map,tt=class extends M{constructor(){super(...arguments),this.initialRender=!1,this.svg=null,this.label="",this.library="default"}async resolveIcon(e,t){var s;let i;if(t?.spriteSheet)return this.svg=n`<svg part="svg">
        <use part="use" href="${e}"></use>
      </svg>`,this.svg;try{if(i=await fetch(e,{mode:"cors"}),!i.ok)return i.status===410?ne:Se}catch{return Se}try{const o=document.createElement("div");o.innerHTML=await i.text();const r=o.firstElementChild;if(((s=r?.tagName)==null?void 0:s.toLowerCase())!=="svg")return ne;es||(es=new DOMParser);const d=es.parseFromString(r.outerHTML,"text/html").body.querySelector("svg");return d?(d.part.add("svg"),document.adoptNode(d)):ne}catch{return ne}}connectedCallback(){super.connectedCallback(),Fo(this)}firstUpdated(){this.initialRender=!0,this.setIcon()}disconnectedCallback(){super.disconnectedCallback(),Uo(this)}getIconSource(){const e=si(this.library);return this.name&&e?{url:e.resolver(this.name),fromLibrary:!0}:{url:this.src,fromLibrary:!1}}handleLabelChange(){typeof this.label=="string"&&this.label.length>0?(this.setAttribute("role","img"),this.setAttribute("aria-label",this.label),this.removeAttribute("aria-hidden")):(this.removeAttribute("role"),this.removeAttribute("aria-label"),this.setAttribute("aria-hidden","true"))}async setIcon(){var e;const{url:t,fromLibrary:s}=this.getIconSource(),i=s?si(this.library):void 0;if(!t){this.svg=null;return}let o=ss.get(t);if(o||(o=this.resolveIcon(t,i),ss.set(t,o)),!this.initialRender)return;const r=await o;if(r===Se&&ss.delete(t),t===this.getIconSource().url){if(zo(r)){if(this.svg=r,i){await this.updateComplete;const a=this.shadowRoot.querySelector("[part='svg']");typeof i.mutator=="function"&&a&&i.mutator(a)}return}switch(r){case Se:case ne:this.svg=null,this.emit("sl-error");break;default:this.svg=r.cloneNode(!0),(e=i?.mutator)==null||e.call(i,this.svg),this.emit("sl-load")}}}render(){return this.svg}};tt.styles=[W,Vo];l([F()],tt.prototype,"svg",2);l([c({reflect:!0})],tt.prototype,"name",2);l([c()],tt.prototype,"src",2);l([c()],tt.prototype,"label",2);l([c({reflect:!0})],tt.prototype,"library",2);l([R("label")],tt.prototype,"handleLabelChange",1);l([R(["name","src","library"])],tt.prototype,"setIcon",1);const q=Ue(class extends Ve{constructor(e){if(super(e),e.type!==At.ATTRIBUTE||e.name!=="class"||e.strings?.length>2)throw Error("`classMap()` can only be used in the `class` attribute and must be the only part in the attribute.")}render(e){return" "+Object.keys(e).filter(t=>e[t]).join(" ")+" "}update(e,[t]){if(this.st===void 0){this.st=new Set,e.strings!==void 0&&(this.nt=new Set(e.strings.join(" ").split(/\s/).filter(i=>i!=="")));for(const i in t)t[i]&&!this.nt?.has(i)&&this.st.add(i);return this.render(t)}const s=e.element.classList;for(const i of this.st)i in t||(s.remove(i),this.st.delete(i));for(const i in t){const o=!!t[i];o===this.st.has(i)||this.nt?.has(i)||(o?(s.add(i),this.st.add(i)):(s.remove(i),this.st.delete(i)))}return rt}});const Ni=Symbol.for(""),ir=e=>{if(e?.r===Ni)return e?._$litStatic$},Le=(e,...t)=>({_$litStatic$:t.reduce((s,i,o)=>s+(r=>{if(r._$litStatic$!==void 0)return r._$litStatic$;throw Error(`Value passed to 'literal' function must be a 'literal' result: ${r}. Use 'unsafeStatic' to pass non-literal values, but
            take care to ensure page security.`)})(i)+e[o+1],e[0]),r:Ni}),ri=new Map,or=e=>(t,...s)=>{const i=s.length;let o,r;const a=[],d=[];let h,u=0,m=!1;for(;u<i;){for(h=t[u];u<i&&(r=s[u],(o=ir(r))!==void 0);)h+=o+t[++u],m=!0;u!==i&&d.push(r),a.push(h),u++}if(u===i&&a.push(t[i]),m){const p=a.join("$$lit$$");(t=ri.get(p))===void 0&&(a.raw=a,ri.set(p,t=a)),s=d}return e(t,...s)},Ie=or(n);const w=e=>e??L;var J=class extends M{constructor(){super(...arguments),this.hasFocus=!1,this.label="",this.disabled=!1}handleBlur(){this.hasFocus=!1,this.emit("sl-blur")}handleFocus(){this.hasFocus=!0,this.emit("sl-focus")}handleClick(e){this.disabled&&(e.preventDefault(),e.stopPropagation())}click(){this.button.click()}focus(e){this.button.focus(e)}blur(){this.button.blur()}render(){const e=!!this.href,t=e?Le`a`:Le`button`;return Ie`
      <${t}
        part="base"
        class=${q({"icon-button":!0,"icon-button--disabled":!e&&this.disabled,"icon-button--focused":this.hasFocus})}
        ?disabled=${w(e?void 0:this.disabled)}
        type=${w(e?void 0:"button")}
        href=${w(e?this.href:void 0)}
        target=${w(e?this.target:void 0)}
        download=${w(e?this.download:void 0)}
        rel=${w(e&&this.target?"noreferrer noopener":void 0)}
        role=${w(e?void 0:"button")}
        aria-disabled=${this.disabled?"true":"false"}
        aria-label="${this.label}"
        tabindex=${this.disabled?"-1":"0"}
        @blur=${this.handleBlur}
        @focus=${this.handleFocus}
        @click=${this.handleClick}
      >
        <sl-icon
          class="icon-button__icon"
          name=${w(this.name)}
          library=${w(this.library)}
          src=${w(this.src)}
          aria-hidden="true"
        ></sl-icon>
      </${t}>
    `}};J.styles=[W,Do];J.dependencies={"sl-icon":tt};l([P(".icon-button")],J.prototype,"button",2);l([F()],J.prototype,"hasFocus",2);l([c()],J.prototype,"name",2);l([c()],J.prototype,"library",2);l([c()],J.prototype,"src",2);l([c()],J.prototype,"href",2);l([c()],J.prototype,"target",2);l([c()],J.prototype,"download",2);l([c()],J.prototype,"label",2);l([c({type:Boolean,reflect:!0})],J.prototype,"disabled",2);var Ri=new Map,rr=new WeakMap;function ar(e){return e??{keyframes:[],options:{duration:0}}}function ai(e,t){return t.toLowerCase()==="rtl"?{keyframes:e.rtlKeyframes||e.keyframes,options:e.options}:e}function st(e,t){Ri.set(e,ar(t))}function et(e,t,s){const i=rr.get(e);if(i?.[t])return ai(i[t],s.dir);const o=Ri.get(t);return o?ai(o,s.dir):{keyframes:[],options:{duration:0}}}function Tt(e,t){return new Promise(s=>{function i(o){o.target===e&&(e.removeEventListener(t,i),s())}e.addEventListener(t,i)})}function ht(e,t,s){return new Promise(i=>{if(s?.duration===1/0)throw new Error("Promise-based animations must be finite.");const o=e.animate(t,He(jt({},s),{duration:lr()?0:s.duration}));o.addEventListener("cancel",i,{once:!0}),o.addEventListener("finish",i,{once:!0})})}function li(e){return e=e.toString().toLowerCase(),e.indexOf("ms")>-1?parseFloat(e):e.indexOf("s")>-1?parseFloat(e)*1e3:parseFloat(e)}function lr(){return window.matchMedia("(prefers-reduced-motion: reduce)").matches}function ft(e){return Promise.all(e.getAnimations().map(t=>new Promise(s=>{t.cancel(),requestAnimationFrame(s)})))}var It=class{constructor(e,...t){this.slotNames=[],this.handleSlotChange=s=>{const i=s.target;(this.slotNames.includes("[default]")&&!i.name||i.name&&this.slotNames.includes(i.name))&&this.host.requestUpdate()},(this.host=e).addController(this),this.slotNames=t}hasDefaultSlot(){return[...this.host.childNodes].some(e=>{if(e.nodeType===e.TEXT_NODE&&e.textContent.trim()!=="")return!0;if(e.nodeType===e.ELEMENT_NODE){const t=e;if(t.tagName.toLowerCase()==="sl-visually-hidden")return!1;if(!t.hasAttribute("slot"))return!0}return!1})}hasNamedSlot(e){return this.host.querySelector(`:scope > [slot="${e}"]`)!==null}test(e){return e==="[default]"?this.hasDefaultSlot():this.hasNamedSlot(e)}hostConnected(){this.host.shadowRoot.addEventListener("slotchange",this.handleSlotChange)}hostDisconnected(){this.host.shadowRoot.removeEventListener("slotchange",this.handleSlotChange)}};const ps=new Set,Gt=new Map;let wt,zs="ltr",Os="en";const Mi=typeof MutationObserver<"u"&&typeof document<"u"&&typeof document.documentElement<"u";if(Mi){const e=new MutationObserver(qi);zs=document.documentElement.dir||"ltr",Os=document.documentElement.lang||navigator.language,e.observe(document.documentElement,{attributes:!0,attributeFilter:["dir","lang"]})}function Bi(...e){e.map(t=>{const s=t.$code.toLowerCase();Gt.has(s)?Gt.set(s,Object.assign(Object.assign({},Gt.get(s)),t)):Gt.set(s,t),wt||(wt=t)}),qi()}function qi(){Mi&&(zs=document.documentElement.dir||"ltr",Os=document.documentElement.lang||navigator.language),[...ps.keys()].map(e=>{typeof e.requestUpdate=="function"&&e.requestUpdate()})}let nr=class{constructor(t){this.host=t,this.host.addController(this)}hostConnected(){ps.add(this.host)}hostDisconnected(){ps.delete(this.host)}dir(){return`${this.host.dir||zs}`.toLowerCase()}lang(){const t=`${this.host.lang||Os}`.toLowerCase().replace(/_/g,"-");try{return new Intl.Locale(t),t}catch{return wt?wt.$code.toLowerCase():"en"}}getTranslationData(t){var s,i;let o;try{o=new Intl.Locale(t.replace(/_/g,"-"))}catch{return{locale:void 0,language:"",region:"",primary:void 0,secondary:void 0}}const r=o.language.toLowerCase(),a=(i=(s=o.region)===null||s===void 0?void 0:s.toLowerCase())!==null&&i!==void 0?i:"",d=Gt.get(`${r}-${a}`),h=Gt.get(r);return{locale:o,language:r,region:a,primary:d,secondary:h}}exists(t,s){var i;const{primary:o,secondary:r}=this.getTranslationData((i=s.lang)!==null&&i!==void 0?i:this.lang());return s=Object.assign({includeFallback:!1},s),!!(o&&o[t]||r&&r[t]||s.includeFallback&&wt&&wt[t])}term(t,...s){const{primary:i,secondary:o}=this.getTranslationData(this.lang());let r;if(i&&i[t])r=i[t];else if(o&&o[t])r=o[t];else if(wt&&wt[t])r=wt[t];else return console.error(`No translation found for: ${String(t)}`),String(t);return typeof r=="function"?r(...s):r}date(t,s){return t=new Date(t),new Intl.DateTimeFormat(this.lang(),s).format(t)}number(t,s){return t=Number(t),isNaN(t)?"":new Intl.NumberFormat(this.lang(),s).format(t)}relativeTime(t,s,i){return new Intl.RelativeTimeFormat(this.lang(),i).format(t,s)}};var Fi={$code:"en",$name:"English",$dir:"ltr",carousel:"Carousel",clearEntry:"Clear entry",close:"Close",copied:"Copied",copy:"Copy",currentValue:"Current value",error:"Error",goToSlide:(e,t)=>`Go to slide ${e} of ${t}`,hidePassword:"Hide password",loading:"Loading",nextSlide:"Next slide",numOptionsSelected:e=>e===0?"No options selected":e===1?"1 option selected":`${e} options selected`,previousSlide:"Previous slide",progress:"Progress",remove:"Remove",resize:"Resize",scrollToEnd:"Scroll to end",scrollToStart:"Scroll to start",selectAColorFromTheScreen:"Select a color from the screen",showPassword:"Show password",slideNum:e=>`Slide ${e}`,toggleColorFormat:"Toggle color format"};Bi(Fi);var cr=Fi,at=class extends nr{};Bi(cr);var dr=U`
  :host {
    display: contents;

    /* For better DX, we'll reset the margin here so the base part can inherit it */
    margin: 0;
  }

  .alert {
    position: relative;
    display: flex;
    align-items: stretch;
    background-color: var(--sl-panel-background-color);
    border: solid var(--sl-panel-border-width) var(--sl-panel-border-color);
    border-top-width: calc(var(--sl-panel-border-width) * 3);
    border-radius: var(--sl-border-radius-medium);
    font-family: var(--sl-font-sans);
    font-size: var(--sl-font-size-small);
    font-weight: var(--sl-font-weight-normal);
    line-height: 1.6;
    color: var(--sl-color-neutral-700);
    margin: inherit;
    overflow: hidden;
  }

  .alert:not(.alert--has-icon) .alert__icon,
  .alert:not(.alert--closable) .alert__close-button {
    display: none;
  }

  .alert__icon {
    flex: 0 0 auto;
    display: flex;
    align-items: center;
    font-size: var(--sl-font-size-large);
    padding-inline-start: var(--sl-spacing-large);
  }

  .alert--has-countdown {
    border-bottom: none;
  }

  .alert--primary {
    border-top-color: var(--sl-color-primary-600);
  }

  .alert--primary .alert__icon {
    color: var(--sl-color-primary-600);
  }

  .alert--success {
    border-top-color: var(--sl-color-success-600);
  }

  .alert--success .alert__icon {
    color: var(--sl-color-success-600);
  }

  .alert--neutral {
    border-top-color: var(--sl-color-neutral-600);
  }

  .alert--neutral .alert__icon {
    color: var(--sl-color-neutral-600);
  }

  .alert--warning {
    border-top-color: var(--sl-color-warning-600);
  }

  .alert--warning .alert__icon {
    color: var(--sl-color-warning-600);
  }

  .alert--danger {
    border-top-color: var(--sl-color-danger-600);
  }

  .alert--danger .alert__icon {
    color: var(--sl-color-danger-600);
  }

  .alert__message {
    flex: 1 1 auto;
    display: block;
    padding: var(--sl-spacing-large);
    overflow: hidden;
  }

  .alert__close-button {
    flex: 0 0 auto;
    display: flex;
    align-items: center;
    font-size: var(--sl-font-size-medium);
    margin-inline-end: var(--sl-spacing-medium);
    align-self: center;
  }

  .alert__countdown {
    position: absolute;
    bottom: 0;
    left: 0;
    width: 100%;
    height: calc(var(--sl-panel-border-width) * 3);
    background-color: var(--sl-panel-border-color);
    display: flex;
  }

  .alert__countdown--ltr {
    justify-content: flex-end;
  }

  .alert__countdown .alert__countdown-elapsed {
    height: 100%;
    width: 0;
  }

  .alert--primary .alert__countdown-elapsed {
    background-color: var(--sl-color-primary-600);
  }

  .alert--success .alert__countdown-elapsed {
    background-color: var(--sl-color-success-600);
  }

  .alert--neutral .alert__countdown-elapsed {
    background-color: var(--sl-color-neutral-600);
  }

  .alert--warning .alert__countdown-elapsed {
    background-color: var(--sl-color-warning-600);
  }

  .alert--danger .alert__countdown-elapsed {
    background-color: var(--sl-color-danger-600);
  }

  .alert__timer {
    display: none;
  }
`,it=class Mt extends M{constructor(){super(...arguments),this.hasSlotController=new It(this,"icon","suffix"),this.localize=new at(this),this.open=!1,this.closable=!1,this.variant="primary",this.duration=1/0,this.remainingTime=this.duration}static get toastStack(){return this.currentToastStack||(this.currentToastStack=Object.assign(document.createElement("div"),{className:"sl-toast-stack"})),this.currentToastStack}firstUpdated(){this.base.hidden=!this.open}restartAutoHide(){this.handleCountdownChange(),clearTimeout(this.autoHideTimeout),clearInterval(this.remainingTimeInterval),this.open&&this.duration<1/0&&(this.autoHideTimeout=window.setTimeout(()=>this.hide(),this.duration),this.remainingTime=this.duration,this.remainingTimeInterval=window.setInterval(()=>{this.remainingTime-=100},100))}pauseAutoHide(){var t;(t=this.countdownAnimation)==null||t.pause(),clearTimeout(this.autoHideTimeout),clearInterval(this.remainingTimeInterval)}resumeAutoHide(){var t;this.duration<1/0&&(this.autoHideTimeout=window.setTimeout(()=>this.hide(),this.remainingTime),this.remainingTimeInterval=window.setInterval(()=>{this.remainingTime-=100},100),(t=this.countdownAnimation)==null||t.play())}handleCountdownChange(){if(this.open&&this.duration<1/0&&this.countdown){const{countdownElement:t}=this,s="100%",i="0";this.countdownAnimation=t.animate([{width:s},{width:i}],{duration:this.duration,easing:"linear"})}}handleCloseClick(){this.hide()}async handleOpenChange(){if(this.open){this.emit("sl-show"),this.duration<1/0&&this.restartAutoHide(),await ft(this.base),this.base.hidden=!1;const{keyframes:t,options:s}=et(this,"alert.show",{dir:this.localize.dir()});await ht(this.base,t,s),this.emit("sl-after-show")}else{Pi(this),this.emit("sl-hide"),clearTimeout(this.autoHideTimeout),clearInterval(this.remainingTimeInterval),await ft(this.base);const{keyframes:t,options:s}=et(this,"alert.hide",{dir:this.localize.dir()});await ht(this.base,t,s),this.base.hidden=!0,this.emit("sl-after-hide")}}handleDurationChange(){this.restartAutoHide()}async show(){if(!this.open)return this.open=!0,Tt(this,"sl-after-show")}async hide(){if(this.open)return this.open=!1,Tt(this,"sl-after-hide")}async toast(){return new Promise(t=>{this.handleCountdownChange(),Mt.toastStack.parentElement===null&&document.body.append(Mt.toastStack),Mt.toastStack.appendChild(this),requestAnimationFrame(()=>{this.clientWidth,this.show()}),this.addEventListener("sl-after-hide",()=>{Mt.toastStack.removeChild(this),t(),Mt.toastStack.querySelector("sl-alert")===null&&Mt.toastStack.remove()},{once:!0})})}render(){return n`
      <div
        part="base"
        class=${q({alert:!0,"alert--open":this.open,"alert--closable":this.closable,"alert--has-countdown":!!this.countdown,"alert--has-icon":this.hasSlotController.test("icon"),"alert--primary":this.variant==="primary","alert--success":this.variant==="success","alert--neutral":this.variant==="neutral","alert--warning":this.variant==="warning","alert--danger":this.variant==="danger"})}
        role="alert"
        aria-hidden=${this.open?"false":"true"}
        @mouseenter=${this.pauseAutoHide}
        @mouseleave=${this.resumeAutoHide}
      >
        <div part="icon" class="alert__icon">
          <slot name="icon"></slot>
        </div>

        <div part="message" class="alert__message" aria-live="polite">
          <slot></slot>
        </div>

        ${this.closable?n`
              <sl-icon-button
                part="close-button"
                exportparts="base:close-button__base"
                class="alert__close-button"
                name="x-lg"
                library="system"
                label=${this.localize.term("close")}
                @click=${this.handleCloseClick}
              ></sl-icon-button>
            `:""}

        <div role="timer" class="alert__timer">${this.remainingTime}</div>

        ${this.countdown?n`
              <div
                class=${q({alert__countdown:!0,"alert__countdown--ltr":this.countdown==="ltr"})}
              >
                <div class="alert__countdown-elapsed"></div>
              </div>
            `:""}
      </div>
    `}};it.styles=[W,dr];it.dependencies={"sl-icon-button":J};l([P('[part~="base"]')],it.prototype,"base",2);l([P(".alert__countdown-elapsed")],it.prototype,"countdownElement",2);l([c({type:Boolean,reflect:!0})],it.prototype,"open",2);l([c({type:Boolean,reflect:!0})],it.prototype,"closable",2);l([c({reflect:!0})],it.prototype,"variant",2);l([c({type:Number})],it.prototype,"duration",2);l([c({type:String,reflect:!0})],it.prototype,"countdown",2);l([F()],it.prototype,"remainingTime",2);l([R("open",{waitUntilFirstUpdate:!0})],it.prototype,"handleOpenChange",1);l([R("duration")],it.prototype,"handleDurationChange",1);var hr=it;st("alert.show",{keyframes:[{opacity:0,scale:.8},{opacity:1,scale:1}],options:{duration:250,easing:"ease"}});st("alert.hide",{keyframes:[{opacity:1,scale:1},{opacity:0,scale:.8}],options:{duration:250,easing:"ease"}});hr.define("sl-alert");var ur=U`
  :host {
    display: inline-flex;
  }

  .badge {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    font-size: max(12px, 0.75em);
    font-weight: var(--sl-font-weight-semibold);
    letter-spacing: var(--sl-letter-spacing-normal);
    line-height: 1;
    border-radius: var(--sl-border-radius-small);
    border: solid 1px var(--sl-color-neutral-0);
    white-space: nowrap;
    padding: 0.35em 0.6em;
    user-select: none;
    -webkit-user-select: none;
    cursor: inherit;
  }

  /* Variant modifiers */
  .badge--primary {
    background-color: var(--sl-color-primary-600);
    color: var(--sl-color-neutral-0);
  }

  .badge--success {
    background-color: var(--sl-color-success-600);
    color: var(--sl-color-neutral-0);
  }

  .badge--neutral {
    background-color: var(--sl-color-neutral-600);
    color: var(--sl-color-neutral-0);
  }

  .badge--warning {
    background-color: var(--sl-color-warning-600);
    color: var(--sl-color-neutral-0);
  }

  .badge--danger {
    background-color: var(--sl-color-danger-600);
    color: var(--sl-color-neutral-0);
  }

  /* Pill modifier */
  .badge--pill {
    border-radius: var(--sl-border-radius-pill);
  }

  /* Pulse modifier */
  .badge--pulse {
    animation: pulse 1.5s infinite;
  }

  .badge--pulse.badge--primary {
    --pulse-color: var(--sl-color-primary-600);
  }

  .badge--pulse.badge--success {
    --pulse-color: var(--sl-color-success-600);
  }

  .badge--pulse.badge--neutral {
    --pulse-color: var(--sl-color-neutral-600);
  }

  .badge--pulse.badge--warning {
    --pulse-color: var(--sl-color-warning-600);
  }

  .badge--pulse.badge--danger {
    --pulse-color: var(--sl-color-danger-600);
  }

  @keyframes pulse {
    0% {
      box-shadow: 0 0 0 0 var(--pulse-color);
    }
    70% {
      box-shadow: 0 0 0 0.5rem transparent;
    }
    100% {
      box-shadow: 0 0 0 0 transparent;
    }
  }
`,xe=class extends M{constructor(){super(...arguments),this.variant="primary",this.pill=!1,this.pulse=!1}render(){return n`
      <span
        part="base"
        class=${q({badge:!0,"badge--primary":this.variant==="primary","badge--success":this.variant==="success","badge--neutral":this.variant==="neutral","badge--warning":this.variant==="warning","badge--danger":this.variant==="danger","badge--pill":this.pill,"badge--pulse":this.pulse})}
        role="status"
      >
        <slot></slot>
      </span>
    `}};xe.styles=[W,ur];l([c({reflect:!0})],xe.prototype,"variant",2);l([c({type:Boolean,reflect:!0})],xe.prototype,"pill",2);l([c({type:Boolean,reflect:!0})],xe.prototype,"pulse",2);xe.define("sl-badge");var pr=U`
  :host {
    --track-width: 2px;
    --track-color: rgb(128 128 128 / 25%);
    --indicator-color: var(--sl-color-primary-600);
    --speed: 2s;

    display: inline-flex;
    width: 1em;
    height: 1em;
    flex: none;
  }

  .spinner {
    flex: 1 1 auto;
    height: 100%;
    width: 100%;
  }

  .spinner__track,
  .spinner__indicator {
    fill: none;
    stroke-width: var(--track-width);
    r: calc(0.5em - var(--track-width) / 2);
    cx: 0.5em;
    cy: 0.5em;
    transform-origin: 50% 50%;
  }

  .spinner__track {
    stroke: var(--track-color);
    transform-origin: 0% 0%;
  }

  .spinner__indicator {
    stroke: var(--indicator-color);
    stroke-linecap: round;
    stroke-dasharray: 150% 75%;
    animation: spin var(--speed) linear infinite;
  }

  @keyframes spin {
    0% {
      transform: rotate(0deg);
      stroke-dasharray: 0.05em, 3em;
    }

    50% {
      transform: rotate(450deg);
      stroke-dasharray: 1.375em, 1.375em;
    }

    100% {
      transform: rotate(1080deg);
      stroke-dasharray: 0.05em, 3em;
    }
  }
`,Is=class extends M{constructor(){super(...arguments),this.localize=new at(this)}render(){return n`
      <svg part="base" class="spinner" role="progressbar" aria-label=${this.localize.term("loading")}>
        <circle class="spinner__track"></circle>
        <circle class="spinner__indicator"></circle>
      </svg>
    `}};Is.styles=[W,pr];var ce=new WeakMap,de=new WeakMap,he=new WeakMap,is=new WeakSet,Ae=new WeakMap,ke=class{constructor(e,t){this.handleFormData=s=>{const i=this.options.disabled(this.host),o=this.options.name(this.host),r=this.options.value(this.host),a=this.host.tagName.toLowerCase()==="sl-button";this.host.isConnected&&!i&&!a&&typeof o=="string"&&o.length>0&&typeof r<"u"&&(Array.isArray(r)?r.forEach(d=>{s.formData.append(o,d.toString())}):s.formData.append(o,r.toString()))},this.handleFormSubmit=s=>{var i;const o=this.options.disabled(this.host),r=this.options.reportValidity;this.form&&!this.form.noValidate&&((i=ce.get(this.form))==null||i.forEach(a=>{this.setUserInteracted(a,!0)})),this.form&&!this.form.noValidate&&!o&&!r(this.host)&&(s.preventDefault(),s.stopImmediatePropagation())},this.handleFormReset=()=>{this.options.setValue(this.host,this.options.defaultValue(this.host)),this.setUserInteracted(this.host,!1),Ae.set(this.host,[])},this.handleInteraction=s=>{const i=Ae.get(this.host);i.includes(s.type)||i.push(s.type),i.length===this.options.assumeInteractionOn.length&&this.setUserInteracted(this.host,!0)},this.checkFormValidity=()=>{if(this.form&&!this.form.noValidate){const s=this.form.querySelectorAll("*");for(const i of s)if(typeof i.checkValidity=="function"&&!i.checkValidity())return!1}return!0},this.reportFormValidity=()=>{if(this.form&&!this.form.noValidate){const s=this.form.querySelectorAll("*");for(const i of s)if(typeof i.reportValidity=="function"&&!i.reportValidity())return!1}return!0},(this.host=e).addController(this),this.options=jt({form:s=>{const i=s.form;if(i){const r=s.getRootNode().querySelector(`#${i}`);if(r)return r}return s.closest("form")},name:s=>s.name,value:s=>s.value,defaultValue:s=>s.defaultValue,disabled:s=>{var i;return(i=s.disabled)!=null?i:!1},reportValidity:s=>typeof s.reportValidity=="function"?s.reportValidity():!0,checkValidity:s=>typeof s.checkValidity=="function"?s.checkValidity():!0,setValue:(s,i)=>s.value=i,assumeInteractionOn:["sl-input"]},t)}hostConnected(){const e=this.options.form(this.host);e&&this.attachForm(e),Ae.set(this.host,[]),this.options.assumeInteractionOn.forEach(t=>{this.host.addEventListener(t,this.handleInteraction)})}hostDisconnected(){this.detachForm(),Ae.delete(this.host),this.options.assumeInteractionOn.forEach(e=>{this.host.removeEventListener(e,this.handleInteraction)})}hostUpdated(){const e=this.options.form(this.host);e||this.detachForm(),e&&this.form!==e&&(this.detachForm(),this.attachForm(e)),this.host.hasUpdated&&this.setValidity(this.host.validity.valid)}attachForm(e){e?(this.form=e,ce.has(this.form)?ce.get(this.form).add(this.host):ce.set(this.form,new Set([this.host])),this.form.addEventListener("formdata",this.handleFormData),this.form.addEventListener("submit",this.handleFormSubmit),this.form.addEventListener("reset",this.handleFormReset),de.has(this.form)||(de.set(this.form,this.form.reportValidity),this.form.reportValidity=()=>this.reportFormValidity()),he.has(this.form)||(he.set(this.form,this.form.checkValidity),this.form.checkValidity=()=>this.checkFormValidity())):this.form=void 0}detachForm(){if(!this.form)return;const e=ce.get(this.form);e&&(e.delete(this.host),e.size<=0&&(this.form.removeEventListener("formdata",this.handleFormData),this.form.removeEventListener("submit",this.handleFormSubmit),this.form.removeEventListener("reset",this.handleFormReset),de.has(this.form)&&(this.form.reportValidity=de.get(this.form),de.delete(this.form)),he.has(this.form)&&(this.form.checkValidity=he.get(this.form),he.delete(this.form)),this.form=void 0))}setUserInteracted(e,t){t?is.add(e):is.delete(e),e.requestUpdate()}doAction(e,t){if(this.form){const s=document.createElement("button");s.type=e,s.style.position="absolute",s.style.width="0",s.style.height="0",s.style.clipPath="inset(50%)",s.style.overflow="hidden",s.style.whiteSpace="nowrap",t&&(s.name=t.name,s.value=t.value,["formaction","formenctype","formmethod","formnovalidate","formtarget"].forEach(i=>{t.hasAttribute(i)&&s.setAttribute(i,t.getAttribute(i))})),this.form.append(s),s.click(),s.remove()}}getForm(){var e;return(e=this.form)!=null?e:null}reset(e){this.doAction("reset",e)}submit(e){this.doAction("submit",e)}setValidity(e){const t=this.host,s=!!is.has(t),i=!!t.required;t.toggleAttribute("data-required",i),t.toggleAttribute("data-optional",!i),t.toggleAttribute("data-invalid",!e),t.toggleAttribute("data-valid",e),t.toggleAttribute("data-user-invalid",!e&&s),t.toggleAttribute("data-user-valid",e&&s)}updateValidity(){const e=this.host;this.setValidity(e.validity.valid)}emitInvalidEvent(e){const t=new CustomEvent("sl-invalid",{bubbles:!1,composed:!1,cancelable:!0,detail:{}});e||t.preventDefault(),this.host.dispatchEvent(t)||e?.preventDefault()}},Ps=Object.freeze({badInput:!1,customError:!1,patternMismatch:!1,rangeOverflow:!1,rangeUnderflow:!1,stepMismatch:!1,tooLong:!1,tooShort:!1,typeMismatch:!1,valid:!0,valueMissing:!1});Object.freeze(He(jt({},Ps),{valid:!1,valueMissing:!0}));Object.freeze(He(jt({},Ps),{valid:!1,customError:!0}));var fr=U`
  :host {
    display: inline-block;
    position: relative;
    width: auto;
    cursor: pointer;
  }

  .button {
    display: inline-flex;
    align-items: stretch;
    justify-content: center;
    width: 100%;
    border-style: solid;
    border-width: var(--sl-input-border-width);
    font-family: var(--sl-input-font-family);
    font-weight: var(--sl-font-weight-semibold);
    text-decoration: none;
    user-select: none;
    -webkit-user-select: none;
    white-space: nowrap;
    vertical-align: middle;
    padding: 0;
    transition:
      var(--sl-transition-x-fast) background-color,
      var(--sl-transition-x-fast) color,
      var(--sl-transition-x-fast) border,
      var(--sl-transition-x-fast) box-shadow;
    cursor: inherit;
  }

  .button::-moz-focus-inner {
    border: 0;
  }

  .button:focus {
    outline: none;
  }

  .button:focus-visible {
    outline: var(--sl-focus-ring);
    outline-offset: var(--sl-focus-ring-offset);
  }

  .button--disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }

  /* When disabled, prevent mouse events from bubbling up from children */
  .button--disabled * {
    pointer-events: none;
  }

  .button__prefix,
  .button__suffix {
    flex: 0 0 auto;
    display: flex;
    align-items: center;
    pointer-events: none;
  }

  .button__label {
    display: inline-block;
  }

  .button__label::slotted(sl-icon) {
    vertical-align: -2px;
  }

  /*
   * Standard buttons
   */

  /* Default */
  .button--standard.button--default {
    background-color: var(--sl-color-neutral-0);
    border-color: var(--sl-input-border-color);
    color: var(--sl-color-neutral-700);
  }

  .button--standard.button--default:hover:not(.button--disabled) {
    background-color: var(--sl-color-primary-50);
    border-color: var(--sl-color-primary-300);
    color: var(--sl-color-primary-700);
  }

  .button--standard.button--default:active:not(.button--disabled) {
    background-color: var(--sl-color-primary-100);
    border-color: var(--sl-color-primary-400);
    color: var(--sl-color-primary-700);
  }

  /* Primary */
  .button--standard.button--primary {
    background-color: var(--sl-color-primary-600);
    border-color: var(--sl-color-primary-600);
    color: var(--sl-color-neutral-0);
  }

  .button--standard.button--primary:hover:not(.button--disabled) {
    background-color: var(--sl-color-primary-500);
    border-color: var(--sl-color-primary-500);
    color: var(--sl-color-neutral-0);
  }

  .button--standard.button--primary:active:not(.button--disabled) {
    background-color: var(--sl-color-primary-600);
    border-color: var(--sl-color-primary-600);
    color: var(--sl-color-neutral-0);
  }

  /* Success */
  .button--standard.button--success {
    background-color: var(--sl-color-success-600);
    border-color: var(--sl-color-success-600);
    color: var(--sl-color-neutral-0);
  }

  .button--standard.button--success:hover:not(.button--disabled) {
    background-color: var(--sl-color-success-500);
    border-color: var(--sl-color-success-500);
    color: var(--sl-color-neutral-0);
  }

  .button--standard.button--success:active:not(.button--disabled) {
    background-color: var(--sl-color-success-600);
    border-color: var(--sl-color-success-600);
    color: var(--sl-color-neutral-0);
  }

  /* Neutral */
  .button--standard.button--neutral {
    background-color: var(--sl-color-neutral-600);
    border-color: var(--sl-color-neutral-600);
    color: var(--sl-color-neutral-0);
  }

  .button--standard.button--neutral:hover:not(.button--disabled) {
    background-color: var(--sl-color-neutral-500);
    border-color: var(--sl-color-neutral-500);
    color: var(--sl-color-neutral-0);
  }

  .button--standard.button--neutral:active:not(.button--disabled) {
    background-color: var(--sl-color-neutral-600);
    border-color: var(--sl-color-neutral-600);
    color: var(--sl-color-neutral-0);
  }

  /* Warning */
  .button--standard.button--warning {
    background-color: var(--sl-color-warning-600);
    border-color: var(--sl-color-warning-600);
    color: var(--sl-color-neutral-0);
  }
  .button--standard.button--warning:hover:not(.button--disabled) {
    background-color: var(--sl-color-warning-500);
    border-color: var(--sl-color-warning-500);
    color: var(--sl-color-neutral-0);
  }

  .button--standard.button--warning:active:not(.button--disabled) {
    background-color: var(--sl-color-warning-600);
    border-color: var(--sl-color-warning-600);
    color: var(--sl-color-neutral-0);
  }

  /* Danger */
  .button--standard.button--danger {
    background-color: var(--sl-color-danger-600);
    border-color: var(--sl-color-danger-600);
    color: var(--sl-color-neutral-0);
  }

  .button--standard.button--danger:hover:not(.button--disabled) {
    background-color: var(--sl-color-danger-500);
    border-color: var(--sl-color-danger-500);
    color: var(--sl-color-neutral-0);
  }

  .button--standard.button--danger:active:not(.button--disabled) {
    background-color: var(--sl-color-danger-600);
    border-color: var(--sl-color-danger-600);
    color: var(--sl-color-neutral-0);
  }

  /*
   * Outline buttons
   */

  .button--outline {
    background: none;
    border: solid 1px;
  }

  /* Default */
  .button--outline.button--default {
    border-color: var(--sl-input-border-color);
    color: var(--sl-color-neutral-700);
  }

  .button--outline.button--default:hover:not(.button--disabled),
  .button--outline.button--default.button--checked:not(.button--disabled) {
    border-color: var(--sl-color-primary-600);
    background-color: var(--sl-color-primary-600);
    color: var(--sl-color-neutral-0);
  }

  .button--outline.button--default:active:not(.button--disabled) {
    border-color: var(--sl-color-primary-700);
    background-color: var(--sl-color-primary-700);
    color: var(--sl-color-neutral-0);
  }

  /* Primary */
  .button--outline.button--primary {
    border-color: var(--sl-color-primary-600);
    color: var(--sl-color-primary-600);
  }

  .button--outline.button--primary:hover:not(.button--disabled),
  .button--outline.button--primary.button--checked:not(.button--disabled) {
    background-color: var(--sl-color-primary-600);
    color: var(--sl-color-neutral-0);
  }

  .button--outline.button--primary:active:not(.button--disabled) {
    border-color: var(--sl-color-primary-700);
    background-color: var(--sl-color-primary-700);
    color: var(--sl-color-neutral-0);
  }

  /* Success */
  .button--outline.button--success {
    border-color: var(--sl-color-success-600);
    color: var(--sl-color-success-600);
  }

  .button--outline.button--success:hover:not(.button--disabled),
  .button--outline.button--success.button--checked:not(.button--disabled) {
    background-color: var(--sl-color-success-600);
    color: var(--sl-color-neutral-0);
  }

  .button--outline.button--success:active:not(.button--disabled) {
    border-color: var(--sl-color-success-700);
    background-color: var(--sl-color-success-700);
    color: var(--sl-color-neutral-0);
  }

  /* Neutral */
  .button--outline.button--neutral {
    border-color: var(--sl-color-neutral-600);
    color: var(--sl-color-neutral-600);
  }

  .button--outline.button--neutral:hover:not(.button--disabled),
  .button--outline.button--neutral.button--checked:not(.button--disabled) {
    background-color: var(--sl-color-neutral-600);
    color: var(--sl-color-neutral-0);
  }

  .button--outline.button--neutral:active:not(.button--disabled) {
    border-color: var(--sl-color-neutral-700);
    background-color: var(--sl-color-neutral-700);
    color: var(--sl-color-neutral-0);
  }

  /* Warning */
  .button--outline.button--warning {
    border-color: var(--sl-color-warning-600);
    color: var(--sl-color-warning-600);
  }

  .button--outline.button--warning:hover:not(.button--disabled),
  .button--outline.button--warning.button--checked:not(.button--disabled) {
    background-color: var(--sl-color-warning-600);
    color: var(--sl-color-neutral-0);
  }

  .button--outline.button--warning:active:not(.button--disabled) {
    border-color: var(--sl-color-warning-700);
    background-color: var(--sl-color-warning-700);
    color: var(--sl-color-neutral-0);
  }

  /* Danger */
  .button--outline.button--danger {
    border-color: var(--sl-color-danger-600);
    color: var(--sl-color-danger-600);
  }

  .button--outline.button--danger:hover:not(.button--disabled),
  .button--outline.button--danger.button--checked:not(.button--disabled) {
    background-color: var(--sl-color-danger-600);
    color: var(--sl-color-neutral-0);
  }

  .button--outline.button--danger:active:not(.button--disabled) {
    border-color: var(--sl-color-danger-700);
    background-color: var(--sl-color-danger-700);
    color: var(--sl-color-neutral-0);
  }

  @media (forced-colors: active) {
    .button.button--outline.button--checked:not(.button--disabled) {
      outline: solid 2px transparent;
    }
  }

  /*
   * Text buttons
   */

  .button--text {
    background-color: transparent;
    border-color: transparent;
    color: var(--sl-color-primary-600);
  }

  .button--text:hover:not(.button--disabled) {
    background-color: transparent;
    border-color: transparent;
    color: var(--sl-color-primary-500);
  }

  .button--text:focus-visible:not(.button--disabled) {
    background-color: transparent;
    border-color: transparent;
    color: var(--sl-color-primary-500);
  }

  .button--text:active:not(.button--disabled) {
    background-color: transparent;
    border-color: transparent;
    color: var(--sl-color-primary-700);
  }

  /*
   * Size modifiers
   */

  .button--small {
    height: auto;
    min-height: var(--sl-input-height-small);
    font-size: var(--sl-button-font-size-small);
    line-height: calc(var(--sl-input-height-small) - var(--sl-input-border-width) * 2);
    border-radius: var(--sl-input-border-radius-small);
  }

  .button--medium {
    height: auto;
    min-height: var(--sl-input-height-medium);
    font-size: var(--sl-button-font-size-medium);
    line-height: calc(var(--sl-input-height-medium) - var(--sl-input-border-width) * 2);
    border-radius: var(--sl-input-border-radius-medium);
  }

  .button--large {
    height: auto;
    min-height: var(--sl-input-height-large);
    font-size: var(--sl-button-font-size-large);
    line-height: calc(var(--sl-input-height-large) - var(--sl-input-border-width) * 2);
    border-radius: var(--sl-input-border-radius-large);
  }

  /*
   * Pill modifier
   */

  .button--pill.button--small {
    border-radius: var(--sl-input-height-small);
  }

  .button--pill.button--medium {
    border-radius: var(--sl-input-height-medium);
  }

  .button--pill.button--large {
    border-radius: var(--sl-input-height-large);
  }

  /*
   * Circle modifier
   */

  .button--circle {
    padding-left: 0;
    padding-right: 0;
  }

  .button--circle.button--small {
    width: var(--sl-input-height-small);
    border-radius: 50%;
  }

  .button--circle.button--medium {
    width: var(--sl-input-height-medium);
    border-radius: 50%;
  }

  .button--circle.button--large {
    width: var(--sl-input-height-large);
    border-radius: 50%;
  }

  .button--circle .button__prefix,
  .button--circle .button__suffix,
  .button--circle .button__caret {
    display: none;
  }

  /*
   * Caret modifier
   */

  .button--caret .button__suffix {
    display: none;
  }

  .button--caret .button__caret {
    height: auto;
  }

  /*
   * Loading modifier
   */

  .button--loading {
    position: relative;
    cursor: wait;
  }

  .button--loading .button__prefix,
  .button--loading .button__label,
  .button--loading .button__suffix,
  .button--loading .button__caret {
    visibility: hidden;
  }

  .button--loading sl-spinner {
    --indicator-color: currentColor;
    position: absolute;
    font-size: 1em;
    height: 1em;
    width: 1em;
    top: calc(50% - 0.5em);
    left: calc(50% - 0.5em);
  }

  /*
   * Badges
   */

  .button ::slotted(sl-badge) {
    position: absolute;
    top: 0;
    right: 0;
    translate: 50% -50%;
    pointer-events: none;
  }

  .button--rtl ::slotted(sl-badge) {
    right: auto;
    left: 0;
    translate: -50% -50%;
  }

  /*
   * Button spacing
   */

  .button--has-label.button--small .button__label {
    padding: 0 var(--sl-spacing-small);
  }

  .button--has-label.button--medium .button__label {
    padding: 0 var(--sl-spacing-medium);
  }

  .button--has-label.button--large .button__label {
    padding: 0 var(--sl-spacing-large);
  }

  .button--has-prefix.button--small {
    padding-inline-start: var(--sl-spacing-x-small);
  }

  .button--has-prefix.button--small .button__label {
    padding-inline-start: var(--sl-spacing-x-small);
  }

  .button--has-prefix.button--medium {
    padding-inline-start: var(--sl-spacing-small);
  }

  .button--has-prefix.button--medium .button__label {
    padding-inline-start: var(--sl-spacing-small);
  }

  .button--has-prefix.button--large {
    padding-inline-start: var(--sl-spacing-small);
  }

  .button--has-prefix.button--large .button__label {
    padding-inline-start: var(--sl-spacing-small);
  }

  .button--has-suffix.button--small,
  .button--caret.button--small {
    padding-inline-end: var(--sl-spacing-x-small);
  }

  .button--has-suffix.button--small .button__label,
  .button--caret.button--small .button__label {
    padding-inline-end: var(--sl-spacing-x-small);
  }

  .button--has-suffix.button--medium,
  .button--caret.button--medium {
    padding-inline-end: var(--sl-spacing-small);
  }

  .button--has-suffix.button--medium .button__label,
  .button--caret.button--medium .button__label {
    padding-inline-end: var(--sl-spacing-small);
  }

  .button--has-suffix.button--large,
  .button--caret.button--large {
    padding-inline-end: var(--sl-spacing-small);
  }

  .button--has-suffix.button--large .button__label,
  .button--caret.button--large .button__label {
    padding-inline-end: var(--sl-spacing-small);
  }

  /*
   * Button groups support a variety of button types (e.g. buttons with tooltips, buttons as dropdown triggers, etc.).
   * This means buttons aren't always direct descendants of the button group, thus we can't target them with the
   * ::slotted selector. To work around this, the button group component does some magic to add these special classes to
   * buttons and we style them here instead.
   */

  :host([data-sl-button-group__button--first]:not([data-sl-button-group__button--last])) .button {
    border-start-end-radius: 0;
    border-end-end-radius: 0;
  }

  :host([data-sl-button-group__button--inner]) .button {
    border-radius: 0;
  }

  :host([data-sl-button-group__button--last]:not([data-sl-button-group__button--first])) .button {
    border-start-start-radius: 0;
    border-end-start-radius: 0;
  }

  /* All except the first */
  :host([data-sl-button-group__button]:not([data-sl-button-group__button--first])) {
    margin-inline-start: calc(-1 * var(--sl-input-border-width));
  }

  /* Add a visual separator between solid buttons */
  :host(
      [data-sl-button-group__button]:not(
          [data-sl-button-group__button--first],
          [data-sl-button-group__button--radio],
          [variant='default']
        ):not(:hover)
    )
    .button:after {
    content: '';
    position: absolute;
    top: 0;
    inset-inline-start: 0;
    bottom: 0;
    border-left: solid 1px rgb(128 128 128 / 33%);
    mix-blend-mode: multiply;
  }

  /* Bump hovered, focused, and checked buttons up so their focus ring isn't clipped */
  :host([data-sl-button-group__button--hover]) {
    z-index: 1;
  }

  /* Focus and checked are always on top */
  :host([data-sl-button-group__button--focus]),
  :host([data-sl-button-group__button][checked]) {
    z-index: 2;
  }
`,T=class extends M{constructor(){super(...arguments),this.formControlController=new ke(this,{assumeInteractionOn:["click"]}),this.hasSlotController=new It(this,"[default]","prefix","suffix"),this.localize=new at(this),this.hasFocus=!1,this.invalid=!1,this.title="",this.variant="default",this.size="medium",this.caret=!1,this.disabled=!1,this.loading=!1,this.outline=!1,this.pill=!1,this.circle=!1,this.type="button",this.name="",this.value="",this.href="",this.rel="noreferrer noopener"}get validity(){return this.isButton()?this.button.validity:Ps}get validationMessage(){return this.isButton()?this.button.validationMessage:""}firstUpdated(){this.isButton()&&this.formControlController.updateValidity()}handleBlur(){this.hasFocus=!1,this.emit("sl-blur")}handleFocus(){this.hasFocus=!0,this.emit("sl-focus")}handleClick(){this.type==="submit"&&this.formControlController.submit(this),this.type==="reset"&&this.formControlController.reset(this)}handleInvalid(e){this.formControlController.setValidity(!1),this.formControlController.emitInvalidEvent(e)}isButton(){return!this.href}isLink(){return!!this.href}handleDisabledChange(){this.isButton()&&this.formControlController.setValidity(this.disabled)}click(){this.button.click()}focus(e){this.button.focus(e)}blur(){this.button.blur()}checkValidity(){return this.isButton()?this.button.checkValidity():!0}getForm(){return this.formControlController.getForm()}reportValidity(){return this.isButton()?this.button.reportValidity():!0}setCustomValidity(e){this.isButton()&&(this.button.setCustomValidity(e),this.formControlController.updateValidity())}render(){const e=this.isLink(),t=e?Le`a`:Le`button`;return Ie`
      <${t}
        part="base"
        class=${q({button:!0,"button--default":this.variant==="default","button--primary":this.variant==="primary","button--success":this.variant==="success","button--neutral":this.variant==="neutral","button--warning":this.variant==="warning","button--danger":this.variant==="danger","button--text":this.variant==="text","button--small":this.size==="small","button--medium":this.size==="medium","button--large":this.size==="large","button--caret":this.caret,"button--circle":this.circle,"button--disabled":this.disabled,"button--focused":this.hasFocus,"button--loading":this.loading,"button--standard":!this.outline,"button--outline":this.outline,"button--pill":this.pill,"button--rtl":this.localize.dir()==="rtl","button--has-label":this.hasSlotController.test("[default]"),"button--has-prefix":this.hasSlotController.test("prefix"),"button--has-suffix":this.hasSlotController.test("suffix")})}
        ?disabled=${w(e?void 0:this.disabled)}
        type=${w(e?void 0:this.type)}
        title=${this.title}
        name=${w(e?void 0:this.name)}
        value=${w(e?void 0:this.value)}
        href=${w(e&&!this.disabled?this.href:void 0)}
        target=${w(e?this.target:void 0)}
        download=${w(e?this.download:void 0)}
        rel=${w(e?this.rel:void 0)}
        role=${w(e?void 0:"button")}
        aria-disabled=${this.disabled?"true":"false"}
        tabindex=${this.disabled?"-1":"0"}
        @blur=${this.handleBlur}
        @focus=${this.handleFocus}
        @invalid=${this.isButton()?this.handleInvalid:null}
        @click=${this.handleClick}
      >
        <slot name="prefix" part="prefix" class="button__prefix"></slot>
        <slot part="label" class="button__label"></slot>
        <slot name="suffix" part="suffix" class="button__suffix"></slot>
        ${this.caret?Ie` <sl-icon part="caret" class="button__caret" library="system" name="caret"></sl-icon> `:""}
        ${this.loading?Ie`<sl-spinner part="spinner"></sl-spinner>`:""}
      </${t}>
    `}};T.styles=[W,fr];T.dependencies={"sl-icon":tt,"sl-spinner":Is};l([P(".button")],T.prototype,"button",2);l([F()],T.prototype,"hasFocus",2);l([F()],T.prototype,"invalid",2);l([c()],T.prototype,"title",2);l([c({reflect:!0})],T.prototype,"variant",2);l([c({reflect:!0})],T.prototype,"size",2);l([c({type:Boolean,reflect:!0})],T.prototype,"caret",2);l([c({type:Boolean,reflect:!0})],T.prototype,"disabled",2);l([c({type:Boolean,reflect:!0})],T.prototype,"loading",2);l([c({type:Boolean,reflect:!0})],T.prototype,"outline",2);l([c({type:Boolean,reflect:!0})],T.prototype,"pill",2);l([c({type:Boolean,reflect:!0})],T.prototype,"circle",2);l([c()],T.prototype,"type",2);l([c()],T.prototype,"name",2);l([c()],T.prototype,"value",2);l([c()],T.prototype,"href",2);l([c()],T.prototype,"target",2);l([c()],T.prototype,"rel",2);l([c()],T.prototype,"download",2);l([c()],T.prototype,"form",2);l([c({attribute:"formaction"})],T.prototype,"formAction",2);l([c({attribute:"formenctype"})],T.prototype,"formEnctype",2);l([c({attribute:"formmethod"})],T.prototype,"formMethod",2);l([c({attribute:"formnovalidate",type:Boolean})],T.prototype,"formNoValidate",2);l([c({attribute:"formtarget"})],T.prototype,"formTarget",2);l([R("disabled",{waitUntilFirstUpdate:!0})],T.prototype,"handleDisabledChange",1);T.define("sl-button");var mr=U`
  :host {
    --border-color: var(--sl-color-neutral-200);
    --border-radius: var(--sl-border-radius-medium);
    --border-width: 1px;
    --padding: var(--sl-spacing-large);

    display: inline-block;
  }

  .card {
    display: flex;
    flex-direction: column;
    background-color: var(--sl-panel-background-color);
    box-shadow: var(--sl-shadow-x-small);
    border: solid var(--border-width) var(--border-color);
    border-radius: var(--border-radius);
  }

  .card__image {
    display: flex;
    border-top-left-radius: var(--border-radius);
    border-top-right-radius: var(--border-radius);
    margin: calc(-1 * var(--border-width));
    overflow: hidden;
  }

  .card__image::slotted(img) {
    display: block;
    width: 100%;
  }

  .card:not(.card--has-image) .card__image {
    display: none;
  }

  .card__header {
    display: block;
    border-bottom: solid var(--border-width) var(--border-color);
    padding: calc(var(--padding) / 2) var(--padding);
  }

  .card:not(.card--has-header) .card__header {
    display: none;
  }

  .card:not(.card--has-image) .card__header {
    border-top-left-radius: var(--border-radius);
    border-top-right-radius: var(--border-radius);
  }

  .card__body {
    display: block;
    padding: var(--padding);
  }

  .card--has-footer .card__footer {
    display: block;
    border-top: solid var(--border-width) var(--border-color);
    padding: var(--padding);
  }

  .card:not(.card--has-footer) .card__footer {
    display: none;
  }
`,Ui=class extends M{constructor(){super(...arguments),this.hasSlotController=new It(this,"footer","header","image")}render(){return n`
      <div
        part="base"
        class=${q({card:!0,"card--has-footer":this.hasSlotController.test("footer"),"card--has-image":this.hasSlotController.test("image"),"card--has-header":this.hasSlotController.test("header")})}
      >
        <slot name="image" part="image" class="card__image"></slot>
        <slot name="header" part="header" class="card__header"></slot>
        <slot part="body" class="card__body"></slot>
        <slot name="footer" part="footer" class="card__footer"></slot>
      </div>
    `}};Ui.styles=[W,mr];Ui.define("sl-card");var br=U`
  :host {
    --max-width: 20rem;
    --hide-delay: 0ms;
    --show-delay: 150ms;

    display: contents;
  }

  .tooltip {
    --arrow-size: var(--sl-tooltip-arrow-size);
    --arrow-color: var(--sl-tooltip-background-color);
  }

  .tooltip::part(popup) {
    z-index: var(--sl-z-index-tooltip);
  }

  .tooltip[placement^='top']::part(popup) {
    transform-origin: bottom;
  }

  .tooltip[placement^='bottom']::part(popup) {
    transform-origin: top;
  }

  .tooltip[placement^='left']::part(popup) {
    transform-origin: right;
  }

  .tooltip[placement^='right']::part(popup) {
    transform-origin: left;
  }

  .tooltip__body {
    display: block;
    width: max-content;
    max-width: var(--max-width);
    border-radius: var(--sl-tooltip-border-radius);
    background-color: var(--sl-tooltip-background-color);
    font-family: var(--sl-tooltip-font-family);
    font-size: var(--sl-tooltip-font-size);
    font-weight: var(--sl-tooltip-font-weight);
    line-height: var(--sl-tooltip-line-height);
    text-align: start;
    white-space: normal;
    color: var(--sl-tooltip-color);
    padding: var(--sl-tooltip-padding);
    pointer-events: none;
    user-select: none;
    -webkit-user-select: none;
  }
`,gr=U`
  :host {
    --arrow-color: var(--sl-color-neutral-1000);
    --arrow-size: 6px;

    /*
     * These properties are computed to account for the arrow's dimensions after being rotated 45º. The constant
     * 0.7071 is derived from sin(45), which is the diagonal size of the arrow's container after rotating.
     */
    --arrow-size-diagonal: calc(var(--arrow-size) * 0.7071);
    --arrow-padding-offset: calc(var(--arrow-size-diagonal) - var(--arrow-size));

    display: contents;
  }

  .popup {
    position: absolute;
    isolation: isolate;
    max-width: var(--auto-size-available-width, none);
    max-height: var(--auto-size-available-height, none);
  }

  .popup--fixed {
    position: fixed;
  }

  .popup:not(.popup--active) {
    display: none;
  }

  .popup__arrow {
    position: absolute;
    width: calc(var(--arrow-size-diagonal) * 2);
    height: calc(var(--arrow-size-diagonal) * 2);
    rotate: 45deg;
    background: var(--arrow-color);
    z-index: -1;
  }

  /* Hover bridge */
  .popup-hover-bridge:not(.popup-hover-bridge--visible) {
    display: none;
  }

  .popup-hover-bridge {
    position: fixed;
    z-index: calc(var(--sl-z-index-dropdown) - 1);
    top: 0;
    right: 0;
    bottom: 0;
    left: 0;
    clip-path: polygon(
      var(--hover-bridge-top-left-x, 0) var(--hover-bridge-top-left-y, 0),
      var(--hover-bridge-top-right-x, 0) var(--hover-bridge-top-right-y, 0),
      var(--hover-bridge-bottom-right-x, 0) var(--hover-bridge-bottom-right-y, 0),
      var(--hover-bridge-bottom-left-x, 0) var(--hover-bridge-bottom-left-y, 0)
    );
  }
`;const zt=Math.min,$t=Math.max,Ne=Math.round,Ee=Math.floor,xt=e=>({x:e,y:e}),vr={left:"right",right:"left",bottom:"top",top:"bottom"};function Vi(e,t,s){return $t(e,zt(t,s))}function se(e,t){return typeof e=="function"?e(t):e}function Vt(e){return e.split("-")[0]}function ie(e){return e.split("-")[1]}function Hi(e){return e==="x"?"y":"x"}function Ds(e){return e==="y"?"height":"width"}function _t(e){const t=e[0];return t==="t"||t==="b"?"y":"x"}function Ls(e){return Hi(_t(e))}function yr(e,t,s){s===void 0&&(s=!1);const i=ie(e),o=Ls(e),r=Ds(o);let a=o==="x"?i===(s?"end":"start")?"right":"left":i==="start"?"bottom":"top";return t.reference[r]>t.floating[r]&&(a=Re(a)),[a,Re(a)]}function wr(e){const t=Re(e);return[fs(e),t,fs(t)]}function fs(e){return e.includes("start")?e.replace("start","end"):e.replace("end","start")}const ni=["left","right"],ci=["right","left"],_r=["top","bottom"],$r=["bottom","top"];function xr(e,t,s){switch(e){case"top":case"bottom":return s?t?ci:ni:t?ni:ci;case"left":case"right":return t?_r:$r;default:return[]}}function kr(e,t,s,i){const o=ie(e);let r=xr(Vt(e),s==="start",i);return o&&(r=r.map(a=>a+"-"+o),t&&(r=r.concat(r.map(fs)))),r}function Re(e){const t=Vt(e);return vr[t]+e.slice(t.length)}function Cr(e){var t,s,i,o;return{top:(t=e.top)!=null?t:0,right:(s=e.right)!=null?s:0,bottom:(i=e.bottom)!=null?i:0,left:(o=e.left)!=null?o:0}}function Wi(e){return typeof e!="number"?Cr(e):{top:e,right:e,bottom:e,left:e}}function Me(e){const{x:t,y:s,width:i,height:o}=e;return{width:i,height:o,top:s,left:t,right:t+i,bottom:s+o,x:t,y:s}}function di(e,t,s){let{reference:i,floating:o}=e;const r=_t(t),a=Ls(t),d=Ds(a),h=Vt(t),u=r==="y",m=i.x+i.width/2-o.width/2,p=i.y+i.height/2-o.height/2,b=i[d]/2-o[d]/2;let f;switch(h){case"top":f={x:m,y:i.y-o.height};break;case"bottom":f={x:m,y:i.y+i.height};break;case"right":f={x:i.x+i.width,y:p};break;case"left":f={x:i.x-o.width,y:p};break;default:f={x:i.x,y:i.y}}const g=ie(t);return g&&(f[a]+=b*(g==="end"?1:-1)*(s&&u?-1:1)),f}async function Sr(e,t){var s;t===void 0&&(t={});const{x:i,y:o,platform:r,rects:a,elements:d,strategy:h}=e,{boundary:u="clippingAncestors",rootBoundary:m="viewport",elementContext:p="floating",altBoundary:b=!1,padding:f=0}=se(t,e),g=Wi(f),_=d[b?p==="floating"?"reference":"floating":p],x=Me(await r.getClippingRect({element:(s=await(r.isElement==null?void 0:r.isElement(_)))==null||s?_:_.contextElement||await(r.getDocumentElement==null?void 0:r.getDocumentElement(d.floating)),boundary:u,rootBoundary:m,strategy:h})),y=p==="floating"?{x:i,y:o,width:a.floating.width,height:a.floating.height}:a.reference,z=await(r.getOffsetParent==null?void 0:r.getOffsetParent(d.floating)),I=await(r.isElement==null?void 0:r.isElement(z))&&await(r.getScale==null?void 0:r.getScale(z))||{x:1,y:1},K=Me(r.convertOffsetParentRelativeRectToViewportRelativeRect?await r.convertOffsetParentRelativeRectToViewportRelativeRect({elements:d,rect:y,offsetParent:z,strategy:h}):y);return{top:(x.top-K.top+g.top)/I.y,bottom:(K.bottom-x.bottom+g.bottom)/I.y,left:(x.left-K.left+g.left)/I.x,right:(K.right-x.right+g.right)/I.x}}const Ar=50,Er=async(e,t,s)=>{const{placement:i="bottom",strategy:o="absolute",middleware:r=[],platform:a}=s,d=a.detectOverflow?a:{...a,detectOverflow:Sr},h=await(a.isRTL==null?void 0:a.isRTL(t));let u=await a.getElementRects({reference:e,floating:t,strategy:o}),{x:m,y:p}=di(u,i,h),b=i,f=0;const g={};for(let v=0;v<r.length;v++){const _=r[v];if(!_)continue;const{name:x,fn:y}=_,{x:z,y:I,data:K,reset:B}=await y({x:m,y:p,initialPlacement:i,placement:b,strategy:o,middlewareData:g,rects:u,platform:d,elements:{reference:e,floating:t}});m=z??m,p=I??p,g[x]={...g[x],...K},B&&f<Ar&&(f++,typeof B=="object"&&(B.placement&&(b=B.placement),B.rects&&(u=B.rects===!0?await a.getElementRects({reference:e,floating:t,strategy:o}):B.rects),{x:m,y:p}=di(u,b,h)),v=-1)}return{x:m,y:p,placement:b,strategy:o,middlewareData:g}},Tr=e=>({name:"arrow",options:e,async fn(t){const{x:s,y:i,placement:o,rects:r,platform:a,elements:d,middlewareData:h}=t,{element:u,padding:m=0}=se(e,t)||{};if(u==null)return{};const p=Wi(m),b={x:s,y:i},f=Ls(o),g=Ds(f),v=await a.getDimensions(u),_=f==="y",x=_?"top":"left",y=_?"bottom":"right",z=_?"clientHeight":"clientWidth",I=r.reference[g]+r.reference[f]-b[f]-r.floating[g],K=b[f]-r.reference[f],B=await(a.getOffsetParent==null?void 0:a.getOffsetParent(u));let Z=B?B[z]:0;(!Z||!await(a.isElement==null?void 0:a.isElement(B)))&&(Z=d.floating[z]||r.floating[g]);const nt=I/2-K/2,ut=Z/2-v[g]/2-1,X=zt(p[x],ut),re=zt(p[y],ut),ae=Z-v[g]-re,pt=Z/2-v[g]/2+nt,ct=Vi(X,pt,ae),Dt=!h.arrow&&ie(o)!=null&&pt!==ct&&r.reference[g]/2-(pt<X?X:re)-v[g]/2<0,yt=Dt?pt<X?pt-X:pt-ae:0;return{[f]:b[f]+yt,data:{[f]:ct,centerOffset:pt-ct-yt,...Dt&&{alignmentOffset:yt}},reset:Dt}}}),zr=function(e){return e===void 0&&(e={}),{name:"flip",options:e,async fn(t){var s,i;const{placement:o,middlewareData:r,rects:a,initialPlacement:d,platform:h,elements:u}=t,{mainAxis:m=!0,crossAxis:p=!0,fallbackPlacements:b,fallbackStrategy:f="bestFit",fallbackAxisSideDirection:g="none",flipAlignment:v=!0,..._}=se(e,t);if((s=r.arrow)!=null&&s.alignmentOffset)return{};const x=Vt(o),y=_t(d),z=Vt(d)===d,I=await(h.isRTL==null?void 0:h.isRTL(u.floating)),K=b||(z||!v?[Re(d)]:wr(d)),B=g!=="none";!b&&B&&K.push(...kr(d,v,g,I));const Z=[d,...K],nt=await h.detectOverflow(t,_),ut=[];let X=((i=r.flip)==null?void 0:i.overflows)||[];if(m&&ut.push(nt[x]),p){const ct=yr(o,a,I);ut.push(nt[ct[0]],nt[ct[1]])}if(X=[...X,{placement:o,overflows:ut}],!ut.every(ct=>ct<=0)){var re,ae;const ct=(((re=r.flip)==null?void 0:re.index)||0)+1,Dt=Z[ct];if(Dt&&(!(p==="alignment"?y!==_t(Dt):!1)||X.every(dt=>_t(dt.placement)===y?dt.overflows[0]>0:!0)))return{data:{index:ct,overflows:X},reset:{placement:Dt}};let yt=(ae=X.filter(Lt=>Lt.overflows[0]<=0).sort((Lt,dt)=>Lt.overflows[1]-dt.overflows[1])[0])==null?void 0:ae.placement;if(!yt)switch(f){case"bestFit":{var pt;const Lt=(pt=X.filter(dt=>{if(B){const St=_t(dt.placement);return St===y||St==="y"}return!0}).map(dt=>[dt.placement,dt.overflows.filter(St=>St>0).reduce((St,ao)=>St+ao,0)]).sort((dt,St)=>dt[1]-St[1])[0])==null?void 0:pt[0];Lt&&(yt=Lt);break}case"initialPlacement":yt=d;break}if(o!==yt)return{reset:{placement:yt}}}return{}}}},Or=new Set(["left","top"]);async function Ir(e,t){const{placement:s,platform:i,elements:o}=e,r=await(i.isRTL==null?void 0:i.isRTL(o.floating)),a=Vt(s),d=ie(s),h=_t(s)==="y",u=Or.has(a)?-1:1,m=r&&h?-1:1,p=se(t,e);let{mainAxis:b,crossAxis:f,alignmentAxis:g}=typeof p=="number"?{mainAxis:p,crossAxis:0,alignmentAxis:null}:{mainAxis:p.mainAxis||0,crossAxis:p.crossAxis||0,alignmentAxis:p.alignmentAxis};return d&&typeof g=="number"&&(f=d==="end"?g*-1:g),h?{x:f*m,y:b*u}:{x:b*u,y:f*m}}const Pr=function(e){return e===void 0&&(e=0),{name:"offset",options:e,async fn(t){var s,i;const{x:o,y:r,placement:a,middlewareData:d}=t,h=await Ir(t,e);return a===((s=d.offset)==null?void 0:s.placement)&&(i=d.arrow)!=null&&i.alignmentOffset?{}:{x:o+h.x,y:r+h.y,data:{...h,placement:a}}}}},Dr=function(e){return e===void 0&&(e={}),{name:"shift",options:e,async fn(t){const{x:s,y:i,placement:o,platform:r}=t,{mainAxis:a=!0,crossAxis:d=!1,limiter:h={fn:y=>{let{x:z,y:I}=y;return{x:z,y:I}}},...u}=se(e,t),m={x:s,y:i},p=await r.detectOverflow(t,u),b=_t(o),f=Hi(b);let g=m[f],v=m[b];const _=(y,z)=>Vi(z+p[y==="y"?"top":"left"],z,z-p[y==="y"?"bottom":"right"]);a&&(g=_(f,g)),d&&(v=_(b,v));const x=h.fn({...t,[f]:g,[b]:v});return{...x,data:{x:x.x-s,y:x.y-i,enabled:{[f]:a,[b]:d}}}}}},Lr=function(e){return e===void 0&&(e={}),{name:"size",options:e,async fn(t){const{placement:s,rects:i,platform:o,elements:r}=t,{apply:a=()=>{},...d}=se(e,t),h=await o.detectOverflow(t,d),u=Vt(s),m=ie(s),p=_t(s)==="y",{width:b,height:f}=i.floating;let g,v;u==="top"||u==="bottom"?(g=u,v=m===(await(o.isRTL==null?void 0:o.isRTL(r.floating))?"start":"end")?"left":"right"):(v=u,g=m==="end"?"top":"bottom");const _=f-h.top-h.bottom,x=b-h.left-h.right,y=zt(f-h[g],_),z=zt(b-h[v],x),I=t.middlewareData.shift,K=!I;let B=y,Z=z;I!=null&&I.enabled.x&&(Z=x),I!=null&&I.enabled.y&&(B=_),K&&!m&&(p?Z=b-2*$t(h.left,h.right):B=f-2*$t(h.top,h.bottom)),await a({...t,availableWidth:Z,availableHeight:B});const nt=await o.getDimensions(r.floating);return b!==nt.width||f!==nt.height?{reset:{rects:!0}}:{}}}};function We(){return typeof window<"u"}function oe(e){return ji(e)?(e.nodeName||"").toLowerCase():"#document"}function Q(e){var t;return(e==null||(t=e.ownerDocument)==null?void 0:t.defaultView)||window}function Ct(e){var t;return(t=(ji(e)?e.ownerDocument:e.document)||window.document)==null?void 0:t.documentElement}function ji(e){return We()?e instanceof Node||e instanceof Q(e).Node:!1}function bt(e){return We()?e instanceof Element||e instanceof Q(e).Element:!1}function Pt(e){return We()?e instanceof HTMLElement||e instanceof Q(e).HTMLElement:!1}function hi(e){return!We()||typeof ShadowRoot>"u"?!1:e instanceof ShadowRoot||e instanceof Q(e).ShadowRoot}function je(e){const{overflow:t,overflowX:s,overflowY:i,display:o}=gt(e);return/auto|scroll|overlay|hidden|clip/.test(t+i+s)&&o!=="inline"&&o!=="contents"}function Nr(e){return/^(table|td|th)$/.test(oe(e))}function Ke(e){try{if(e.matches(":popover-open"))return!0}catch{}try{return e.matches(":modal")}catch{return!1}}const Rr=/transform|translate|scale|rotate|perspective|filter/,Mr=/paint|layout|strict|content/,Rt=e=>!!e&&e!=="none";let os;function Xe(e){const t=bt(e)?gt(e):e;return Rt(t.transform)||Rt(t.translate)||Rt(t.scale)||Rt(t.rotate)||Rt(t.perspective)||!Ns()&&(Rt(t.backdropFilter)||Rt(t.filter))||Rr.test(t.willChange||"")||Mr.test(t.contain||"")}function Br(e){let t=Ht(e);for(;Pt(t)&&!ye(t);){if(Xe(t))return t;if(Ke(t))return null;t=Ht(t)}return null}function Ns(){return os==null&&(os=typeof CSS<"u"&&CSS.supports&&CSS.supports("-webkit-backdrop-filter","none")),os}function ye(e){return/^(html|body|#document)$/.test(oe(e))}function gt(e){return Q(e).getComputedStyle(e)}function Ye(e){return bt(e)?{scrollLeft:e.scrollLeft,scrollTop:e.scrollTop}:{scrollLeft:e.scrollX,scrollTop:e.scrollY}}function Ht(e){if(oe(e)==="html")return e;const t=e.assignedSlot||e.parentNode||hi(e)&&e.host||Ct(e);return hi(t)?t.host:t}function Ki(e){const t=Ht(e);return ye(t)?(e.ownerDocument||e).body:Pt(t)&&je(t)?t:Ki(t)}function we(e,t,s){var i;t===void 0&&(t=[]),s===void 0&&(s=!0);const o=Ki(e),r=o===((i=e.ownerDocument)==null?void 0:i.body),a=Q(o);if(r){const d=ms(a);return t.concat(a,a.visualViewport||[],je(o)?o:[],d&&s?we(d):[])}else return t.concat(o,we(o,[],s))}function ms(e){return e.parent&&Object.getPrototypeOf(e.parent)?e.frameElement:null}function Xi(e){const t=gt(e);let s=parseFloat(t.width)||0,i=parseFloat(t.height)||0;const o=Pt(e),r=o?e.offsetWidth:s,a=o?e.offsetHeight:i,d=Ne(s)!==r||Ne(i)!==a;return d&&(s=r,i=a),{width:s,height:i,$:d}}function Rs(e){return bt(e)?e:e.contextElement}function Qt(e){const t=Rs(e);if(!Pt(t))return xt(1);const s=t.getBoundingClientRect(),{width:i,height:o,$:r}=Xi(t);let a=(r?Ne(s.width):s.width)/i,d=(r?Ne(s.height):s.height)/o;return(!a||!Number.isFinite(a))&&(a=1),(!d||!Number.isFinite(d))&&(d=1),{x:a,y:d}}const qr=xt(0);function Yi(e){const t=Q(e);return!Ns()||!t.visualViewport?qr:{x:t.visualViewport.offsetLeft,y:t.visualViewport.offsetTop}}function Fr(e,t,s){return t===void 0&&(t=!1),!!s&&t&&s===Q(e)}function Wt(e,t,s,i){t===void 0&&(t=!1),s===void 0&&(s=!1);const o=e.getBoundingClientRect(),r=Rs(e);let a=xt(1);t&&(i?bt(i)&&(a=Qt(i)):a=Qt(e));const d=Fr(r,s,i)?Yi(r):xt(0);let h=(o.left+d.x)/a.x,u=(o.top+d.y)/a.y,m=o.width/a.x,p=o.height/a.y;if(r&&i){const b=Q(r),f=bt(i)?Q(i):i;let g=b,v=ms(g);for(;v&&f!==g;){const _=Qt(v),x=v.getBoundingClientRect(),y=gt(v),z=x.left+(v.clientLeft+parseFloat(y.paddingLeft))*_.x,I=x.top+(v.clientTop+parseFloat(y.paddingTop))*_.y;h*=_.x,u*=_.y,m*=_.x,p*=_.y,h+=z,u+=I,g=Q(v),v=ms(g)}}return Me({width:m,height:p,x:h,y:u})}function Je(e,t){const s=Ye(e).scrollLeft;return t?t.left+s:Wt(Ct(e)).left+s}function Ji(e,t){const s=e.getBoundingClientRect(),i=s.left+t.scrollLeft-Je(e,s),o=s.top+t.scrollTop;return{x:i,y:o}}function Ur(e){let{elements:t,rect:s,offsetParent:i,strategy:o}=e;const r=o==="fixed",a=Ct(i),d=t?Ke(t.floating):!1;if(i===a||d&&r)return s;let h={scrollLeft:0,scrollTop:0},u=xt(1);const m=xt(0),p=Pt(i);if((p||!r)&&((oe(i)!=="body"||je(a))&&(h=Ye(i)),p)){const f=Wt(i);u=Qt(i),m.x=f.x+i.clientLeft,m.y=f.y+i.clientTop}const b=a&&!p&&!r?Ji(a,h):xt(0);return{width:s.width*u.x,height:s.height*u.y,x:s.x*u.x-h.scrollLeft*u.x+m.x+b.x,y:s.y*u.y-h.scrollTop*u.y+m.y+b.y}}function Vr(e){return e.getClientRects?Array.from(e.getClientRects()):[]}function Hr(e){const t=Ye(e),s=e.ownerDocument.body,i=$t(e.scrollWidth,e.clientWidth,s.scrollWidth,s.clientWidth),o=$t(e.scrollHeight,e.clientHeight,s.scrollHeight,s.clientHeight);let r=-t.scrollLeft+Je(e);const a=-t.scrollTop;return gt(s).direction==="rtl"&&(r+=$t(e.clientWidth,s.clientWidth)-i),{width:i,height:o,x:r,y:a}}const Wr=25;function jr(e,t,s){s===void 0&&(s="viewport");const i=s==="layoutViewport",o=Q(e),r=Ct(e),a=o.visualViewport;let d=r.clientWidth,h=r.clientHeight,u=0,m=0;if(a){const b=!Ns()||t==="fixed";i?b||(u=-a.offsetLeft,m=-a.offsetTop):(d=a.width,h=a.height,b&&(u=a.offsetLeft,m=a.offsetTop))}if(Je(r)<=0){const b=r.ownerDocument,f=b.body,g=getComputedStyle(f),v=b.compatMode==="CSS1Compat"&&parseFloat(g.marginLeft)+parseFloat(g.marginRight)||0,_=Math.abs(r.clientWidth-f.clientWidth-v),x=getComputedStyle(r).scrollbarGutter==="stable both-edges"?_/2:_;x<=Wr&&(d-=x)}return{width:d,height:h,x:u,y:m}}function Kr(e,t){const s=Wt(e,!0,t==="fixed"),i=s.top+e.clientTop,o=s.left+e.clientLeft,r=Qt(e),a=e.clientWidth*r.x,d=e.clientHeight*r.y,h=o*r.x,u=i*r.y;return{width:a,height:d,x:h,y:u}}function ui(e,t,s){let i;if(t==="viewport"||t==="layoutViewport")i=jr(e,s,t);else if(t==="document")i=Hr(Ct(e));else if(bt(t))i=Kr(t,s);else{const o=Yi(e);i={x:t.x-o.x,y:t.y-o.y,width:t.width,height:t.height}}return Me(i)}function Xr(e,t){const s=t.get(e);if(s)return s;let i=we(e,[],!1).filter(d=>bt(d)&&oe(d)!=="body"),o=null;const r=gt(e).position==="fixed";let a=r?Ht(e):e;for(;bt(a)&&!ye(a);){const d=gt(a),h=Xe(a),u=o?o.position:r?"fixed":"";!h&&(u==="fixed"||u==="absolute"&&d.position==="static")?i=i.filter(p=>p!==a):o=d,a=Ht(a)}return t.set(e,i),i}function Yr(e){let{element:t,boundary:s,rootBoundary:i,strategy:o}=e;const a=[...s==="clippingAncestors"?Ke(t)?[]:Xr(t,this._c):[].concat(s),i],d=ui(t,a[0],o);let h=d.top,u=d.right,m=d.bottom,p=d.left;for(let b=1;b<a.length;b++){const f=ui(t,a[b],o);h=$t(f.top,h),u=zt(f.right,u),m=zt(f.bottom,m),p=$t(f.left,p)}return{width:u-p,height:m-h,x:p,y:h}}function Jr(e){const{width:t,height:s}=Xi(e);return{width:t,height:s}}function Gr(e,t,s){const i=Pt(t),o=Ct(t),r=s==="fixed",a=Wt(e,!0,r,t);let d={scrollLeft:0,scrollTop:0};const h=xt(0);if((i||!r)&&((oe(t)!=="body"||je(o))&&(d=Ye(t)),i)){const b=Wt(t,!0,r,t);h.x=b.x+t.clientLeft,h.y=b.y+t.clientTop}!i&&o&&(h.x=Je(o));const u=o&&!i&&!r?Ji(o,d):xt(0),m=a.left+d.scrollLeft-h.x-u.x,p=a.top+d.scrollTop-h.y-u.y;return{x:m,y:p,width:a.width,height:a.height}}function rs(e){return gt(e).position==="static"}function pi(e,t){if(!Pt(e)||gt(e).position==="fixed")return null;if(t)return t(e);let s=e.offsetParent;return Ct(e)===s&&(s=s.ownerDocument.body),s}function Gi(e,t){const s=Q(e);if(Ke(e))return s;if(!Pt(e)){let o=Ht(e);for(;o&&!ye(o);){if(bt(o)&&!rs(o))return o;o=Ht(o)}return s}let i=pi(e,t);for(;i&&Nr(i)&&rs(i);)i=pi(i,t);return i&&ye(i)&&rs(i)&&!Xe(i)?s:i||Br(e)||s}const Zr=async function(e){const t=this.getOffsetParent||Gi,s=this.getDimensions,i=await s(e.floating);return{reference:Gr(e.reference,await t(e.floating),e.strategy),floating:{x:0,y:0,width:i.width,height:i.height}}};function Qr(e){return gt(e).direction==="rtl"}const Pe={convertOffsetParentRelativeRectToViewportRelativeRect:Ur,getDocumentElement:Ct,getClippingRect:Yr,getOffsetParent:Gi,getElementRects:Zr,getClientRects:Vr,getDimensions:Jr,getScale:Qt,isElement:bt,isRTL:Qr};function Zi(e,t){return e.x===t.x&&e.y===t.y&&e.width===t.width&&e.height===t.height}function ta(e,t,s){let i=null,o;const r=Ct(e);function a(){var m;clearTimeout(o),(m=i)==null||m.disconnect(),i=null}function d(m,p){m===void 0&&(m=!1),p===void 0&&(p=1),a();const b=e.getBoundingClientRect(),{left:f,top:g,width:v,height:_}=b;if(m||t(),!v||!_)return;const x=Ee(g),y=Ee(r.clientWidth-(f+v)),z=Ee(r.clientHeight-(g+_)),I=Ee(f),B={rootMargin:-x+"px "+-y+"px "+-z+"px "+-I+"px",threshold:$t(0,zt(1,p))||1};let Z=!0;function nt(ut){const X=ut[0].intersectionRatio;if(!Zi(b,e.getBoundingClientRect()))return d();if(X!==p){if(!Z)return d();X?d(!1,X):o=setTimeout(()=>{d(!1,1e-7)},1e3)}Z=!1}try{i=new IntersectionObserver(nt,{...B,root:r.ownerDocument})}catch{i=new IntersectionObserver(nt,B)}i.observe(e)}const h=Q(e),u=()=>d(s);return h.addEventListener("resize",u),d(!0),()=>{h.removeEventListener("resize",u),a()}}function ea(e,t,s,i){i===void 0&&(i={});const{ancestorScroll:o=!0,ancestorResize:r=!0,elementResize:a=typeof ResizeObserver=="function",layoutShift:d=typeof IntersectionObserver=="function",animationFrame:h=!1}=i,u=Rs(e),m=o||r?[...u?we(u):[],...t?we(t):[]]:[];m.forEach(x=>{o&&x.addEventListener("scroll",s),r&&x.addEventListener("resize",s)});const p=u&&d?ta(u,s,r):null;let b=-1,f=null;a&&(f=new ResizeObserver(x=>{let[y]=x;y&&y.target===u&&f&&t&&(f.unobserve(t),cancelAnimationFrame(b),b=requestAnimationFrame(()=>{var z;(z=f)==null||z.observe(t)})),s()}),u&&!h&&f.observe(u),t&&f.observe(t));let g,v=h?Wt(e):null;h&&_();function _(){const x=Wt(e);v&&!Zi(v,x)&&s(),v=x,g=requestAnimationFrame(_)}return s(),()=>{var x;m.forEach(y=>{o&&y.removeEventListener("scroll",s),r&&y.removeEventListener("resize",s)}),p?.(),(x=f)==null||x.disconnect(),f=null,h&&cancelAnimationFrame(g)}}const sa=Pr,ia=Dr,oa=zr,fi=Lr,ra=Tr,aa=(e,t,s)=>{const i=new Map,o=s??{},r={...Pe,...o.platform,_c:i};return Er(e,t,{...o,platform:r})};function la(e){return na(e)}function as(e){return e.assignedSlot?e.assignedSlot:e.parentNode instanceof ShadowRoot?e.parentNode.host:e.parentNode}function na(e){for(let t=e;t;t=as(t))if(t instanceof Element&&getComputedStyle(t).display==="none")return null;for(let t=as(e);t;t=as(t)){if(!(t instanceof Element))continue;const s=getComputedStyle(t);if(s.display!=="contents"&&(s.position!=="static"||Xe(s)||t.tagName==="BODY"))return t}return null}function ca(e){return e!==null&&typeof e=="object"&&"getBoundingClientRect"in e&&("contextElement"in e?e.contextElement instanceof Element:!0)}var O=class extends M{constructor(){super(...arguments),this.localize=new at(this),this.active=!1,this.placement="top",this.strategy="absolute",this.distance=0,this.skidding=0,this.arrow=!1,this.arrowPlacement="anchor",this.arrowPadding=10,this.flip=!1,this.flipFallbackPlacements="",this.flipFallbackStrategy="best-fit",this.flipPadding=0,this.shift=!1,this.shiftPadding=0,this.autoSizePadding=0,this.hoverBridge=!1,this.updateHoverBridge=()=>{if(this.hoverBridge&&this.anchorEl){const e=this.anchorEl.getBoundingClientRect(),t=this.popup.getBoundingClientRect(),s=this.placement.includes("top")||this.placement.includes("bottom");let i=0,o=0,r=0,a=0,d=0,h=0,u=0,m=0;s?e.top<t.top?(i=e.left,o=e.bottom,r=e.right,a=e.bottom,d=t.left,h=t.top,u=t.right,m=t.top):(i=t.left,o=t.bottom,r=t.right,a=t.bottom,d=e.left,h=e.top,u=e.right,m=e.top):e.left<t.left?(i=e.right,o=e.top,r=t.left,a=t.top,d=e.right,h=e.bottom,u=t.left,m=t.bottom):(i=t.right,o=t.top,r=e.left,a=e.top,d=t.right,h=t.bottom,u=e.left,m=e.bottom),this.style.setProperty("--hover-bridge-top-left-x",`${i}px`),this.style.setProperty("--hover-bridge-top-left-y",`${o}px`),this.style.setProperty("--hover-bridge-top-right-x",`${r}px`),this.style.setProperty("--hover-bridge-top-right-y",`${a}px`),this.style.setProperty("--hover-bridge-bottom-left-x",`${d}px`),this.style.setProperty("--hover-bridge-bottom-left-y",`${h}px`),this.style.setProperty("--hover-bridge-bottom-right-x",`${u}px`),this.style.setProperty("--hover-bridge-bottom-right-y",`${m}px`)}}}async connectedCallback(){super.connectedCallback(),await this.updateComplete,this.start()}disconnectedCallback(){super.disconnectedCallback(),this.stop()}async updated(e){super.updated(e),e.has("active")&&(this.active?this.start():this.stop()),e.has("anchor")&&this.handleAnchorChange(),this.active&&(await this.updateComplete,this.reposition())}async handleAnchorChange(){if(await this.stop(),this.anchor&&typeof this.anchor=="string"){const e=this.getRootNode();this.anchorEl=e.getElementById(this.anchor)}else this.anchor instanceof Element||ca(this.anchor)?this.anchorEl=this.anchor:this.anchorEl=this.querySelector('[slot="anchor"]');this.anchorEl instanceof HTMLSlotElement&&(this.anchorEl=this.anchorEl.assignedElements({flatten:!0})[0]),this.anchorEl&&this.active&&this.start()}start(){!this.anchorEl||!this.active||(this.cleanup=ea(this.anchorEl,this.popup,()=>{this.reposition()}))}async stop(){return new Promise(e=>{this.cleanup?(this.cleanup(),this.cleanup=void 0,this.removeAttribute("data-current-placement"),this.style.removeProperty("--auto-size-available-width"),this.style.removeProperty("--auto-size-available-height"),requestAnimationFrame(()=>e())):e()})}reposition(){if(!this.active||!this.anchorEl)return;const e=[sa({mainAxis:this.distance,crossAxis:this.skidding})];this.sync?e.push(fi({apply:({rects:s})=>{const i=this.sync==="width"||this.sync==="both",o=this.sync==="height"||this.sync==="both";this.popup.style.width=i?`${s.reference.width}px`:"",this.popup.style.height=o?`${s.reference.height}px`:""}})):(this.popup.style.width="",this.popup.style.height=""),this.flip&&e.push(oa({boundary:this.flipBoundary,fallbackPlacements:this.flipFallbackPlacements,fallbackStrategy:this.flipFallbackStrategy==="best-fit"?"bestFit":"initialPlacement",padding:this.flipPadding})),this.shift&&e.push(ia({boundary:this.shiftBoundary,padding:this.shiftPadding})),this.autoSize?e.push(fi({boundary:this.autoSizeBoundary,padding:this.autoSizePadding,apply:({availableWidth:s,availableHeight:i})=>{this.autoSize==="vertical"||this.autoSize==="both"?this.style.setProperty("--auto-size-available-height",`${i}px`):this.style.removeProperty("--auto-size-available-height"),this.autoSize==="horizontal"||this.autoSize==="both"?this.style.setProperty("--auto-size-available-width",`${s}px`):this.style.removeProperty("--auto-size-available-width")}})):(this.style.removeProperty("--auto-size-available-width"),this.style.removeProperty("--auto-size-available-height")),this.arrow&&e.push(ra({element:this.arrowEl,padding:this.arrowPadding}));const t=this.strategy==="absolute"?s=>Pe.getOffsetParent(s,la):Pe.getOffsetParent;aa(this.anchorEl,this.popup,{placement:this.placement,middleware:e,strategy:this.strategy,platform:He(jt({},Pe),{getOffsetParent:t})}).then(({x:s,y:i,middlewareData:o,placement:r})=>{const a=this.localize.dir()==="rtl",d={top:"bottom",right:"left",bottom:"top",left:"right"}[r.split("-")[0]];if(this.setAttribute("data-current-placement",r),Object.assign(this.popup.style,{left:`${s}px`,top:`${i}px`}),this.arrow){const h=o.arrow.x,u=o.arrow.y;let m="",p="",b="",f="";if(this.arrowPlacement==="start"){const g=typeof h=="number"?`calc(${this.arrowPadding}px - var(--arrow-padding-offset))`:"";m=typeof u=="number"?`calc(${this.arrowPadding}px - var(--arrow-padding-offset))`:"",p=a?g:"",f=a?"":g}else if(this.arrowPlacement==="end"){const g=typeof h=="number"?`calc(${this.arrowPadding}px - var(--arrow-padding-offset))`:"";p=a?"":g,f=a?g:"",b=typeof u=="number"?`calc(${this.arrowPadding}px - var(--arrow-padding-offset))`:""}else this.arrowPlacement==="center"?(f=typeof h=="number"?"calc(50% - var(--arrow-size-diagonal))":"",m=typeof u=="number"?"calc(50% - var(--arrow-size-diagonal))":""):(f=typeof h=="number"?`${h}px`:"",m=typeof u=="number"?`${u}px`:"");Object.assign(this.arrowEl.style,{top:m,right:p,bottom:b,left:f,[d]:"calc(var(--arrow-size-diagonal) * -1)"})}}),requestAnimationFrame(()=>this.updateHoverBridge()),this.emit("sl-reposition")}render(){return n`
      <slot name="anchor" @slotchange=${this.handleAnchorChange}></slot>

      <span
        part="hover-bridge"
        class=${q({"popup-hover-bridge":!0,"popup-hover-bridge--visible":this.hoverBridge&&this.active})}
      ></span>

      <div
        part="popup"
        class=${q({popup:!0,"popup--active":this.active,"popup--fixed":this.strategy==="fixed","popup--has-arrow":this.arrow})}
      >
        <slot></slot>
        ${this.arrow?n`<div part="arrow" class="popup__arrow" role="presentation"></div>`:""}
      </div>
    `}};O.styles=[W,gr];l([P(".popup")],O.prototype,"popup",2);l([P(".popup__arrow")],O.prototype,"arrowEl",2);l([c()],O.prototype,"anchor",2);l([c({type:Boolean,reflect:!0})],O.prototype,"active",2);l([c({reflect:!0})],O.prototype,"placement",2);l([c({reflect:!0})],O.prototype,"strategy",2);l([c({type:Number})],O.prototype,"distance",2);l([c({type:Number})],O.prototype,"skidding",2);l([c({type:Boolean})],O.prototype,"arrow",2);l([c({attribute:"arrow-placement"})],O.prototype,"arrowPlacement",2);l([c({attribute:"arrow-padding",type:Number})],O.prototype,"arrowPadding",2);l([c({type:Boolean})],O.prototype,"flip",2);l([c({attribute:"flip-fallback-placements",converter:{fromAttribute:e=>e.split(" ").map(t=>t.trim()).filter(t=>t!==""),toAttribute:e=>e.join(" ")}})],O.prototype,"flipFallbackPlacements",2);l([c({attribute:"flip-fallback-strategy"})],O.prototype,"flipFallbackStrategy",2);l([c({type:Object})],O.prototype,"flipBoundary",2);l([c({attribute:"flip-padding",type:Number})],O.prototype,"flipPadding",2);l([c({type:Boolean})],O.prototype,"shift",2);l([c({type:Object})],O.prototype,"shiftBoundary",2);l([c({attribute:"shift-padding",type:Number})],O.prototype,"shiftPadding",2);l([c({attribute:"auto-size"})],O.prototype,"autoSize",2);l([c()],O.prototype,"sync",2);l([c({type:Object})],O.prototype,"autoSizeBoundary",2);l([c({attribute:"auto-size-padding",type:Number})],O.prototype,"autoSizePadding",2);l([c({attribute:"hover-bridge",type:Boolean})],O.prototype,"hoverBridge",2);var j=class extends M{constructor(){super(),this.localize=new at(this),this.content="",this.placement="top",this.disabled=!1,this.distance=8,this.open=!1,this.skidding=0,this.trigger="hover focus",this.hoist=!1,this.handleBlur=()=>{this.hasTrigger("focus")&&this.hide()},this.handleClick=()=>{this.hasTrigger("click")&&(this.open?this.hide():this.show())},this.handleFocus=()=>{this.hasTrigger("focus")&&this.show()},this.handleDocumentKeyDown=e=>{e.key==="Escape"&&(e.stopPropagation(),this.hide())},this.handleMouseOver=()=>{if(this.hasTrigger("hover")){const e=li(getComputedStyle(this).getPropertyValue("--show-delay"));clearTimeout(this.hoverTimeout),this.hoverTimeout=window.setTimeout(()=>this.show(),e)}},this.handleMouseOut=()=>{if(this.hasTrigger("hover")){const e=li(getComputedStyle(this).getPropertyValue("--hide-delay"));clearTimeout(this.hoverTimeout),this.hoverTimeout=window.setTimeout(()=>this.hide(),e)}},this.addEventListener("blur",this.handleBlur,!0),this.addEventListener("focus",this.handleFocus,!0),this.addEventListener("click",this.handleClick),this.addEventListener("mouseover",this.handleMouseOver),this.addEventListener("mouseout",this.handleMouseOut)}disconnectedCallback(){var e;super.disconnectedCallback(),(e=this.closeWatcher)==null||e.destroy(),document.removeEventListener("keydown",this.handleDocumentKeyDown)}firstUpdated(){this.body.hidden=!this.open,this.open&&(this.popup.active=!0,this.popup.reposition())}hasTrigger(e){return this.trigger.split(" ").includes(e)}async handleOpenChange(){var e,t;if(this.open){if(this.disabled)return;this.emit("sl-show"),"CloseWatcher"in window?((e=this.closeWatcher)==null||e.destroy(),this.closeWatcher=new CloseWatcher,this.closeWatcher.onclose=()=>{this.hide()}):document.addEventListener("keydown",this.handleDocumentKeyDown),await ft(this.body),this.body.hidden=!1,this.popup.active=!0;const{keyframes:s,options:i}=et(this,"tooltip.show",{dir:this.localize.dir()});await ht(this.popup.popup,s,i),this.popup.reposition(),this.emit("sl-after-show")}else{this.emit("sl-hide"),(t=this.closeWatcher)==null||t.destroy(),document.removeEventListener("keydown",this.handleDocumentKeyDown),await ft(this.body);const{keyframes:s,options:i}=et(this,"tooltip.hide",{dir:this.localize.dir()});await ht(this.popup.popup,s,i),this.popup.active=!1,this.body.hidden=!0,this.emit("sl-after-hide")}}async handleOptionsChange(){this.hasUpdated&&(await this.updateComplete,this.popup.reposition())}handleDisabledChange(){this.disabled&&this.open&&this.hide()}async show(){if(!this.open)return this.open=!0,Tt(this,"sl-after-show")}async hide(){if(this.open)return this.open=!1,Tt(this,"sl-after-hide")}render(){return n`
      <sl-popup
        part="base"
        exportparts="
          popup:base__popup,
          arrow:base__arrow
        "
        class=${q({tooltip:!0,"tooltip--open":this.open})}
        placement=${this.placement}
        distance=${this.distance}
        skidding=${this.skidding}
        strategy=${this.hoist?"fixed":"absolute"}
        flip
        shift
        arrow
        hover-bridge
      >
        ${""}
        <slot slot="anchor" aria-describedby="tooltip"></slot>

        ${""}
        <div part="body" id="tooltip" class="tooltip__body" role="tooltip" aria-live=${this.open?"polite":"off"}>
          <slot name="content">${this.content}</slot>
        </div>
      </sl-popup>
    `}};j.styles=[W,br];j.dependencies={"sl-popup":O};l([P("slot:not([name])")],j.prototype,"defaultSlot",2);l([P(".tooltip__body")],j.prototype,"body",2);l([P("sl-popup")],j.prototype,"popup",2);l([c()],j.prototype,"content",2);l([c()],j.prototype,"placement",2);l([c({type:Boolean,reflect:!0})],j.prototype,"disabled",2);l([c({type:Number})],j.prototype,"distance",2);l([c({type:Boolean,reflect:!0})],j.prototype,"open",2);l([c({type:Number})],j.prototype,"skidding",2);l([c()],j.prototype,"trigger",2);l([c({type:Boolean})],j.prototype,"hoist",2);l([R("open",{waitUntilFirstUpdate:!0})],j.prototype,"handleOpenChange",1);l([R(["content","distance","hoist","placement","skidding"])],j.prototype,"handleOptionsChange",1);l([R("disabled")],j.prototype,"handleDisabledChange",1);st("tooltip.show",{keyframes:[{opacity:0,scale:.8},{opacity:1,scale:1}],options:{duration:150,easing:"ease"}});st("tooltip.hide",{keyframes:[{opacity:1,scale:1},{opacity:0,scale:.8}],options:{duration:150,easing:"ease"}});var da=U`
  :host {
    --error-color: var(--sl-color-danger-600);
    --success-color: var(--sl-color-success-600);

    display: inline-block;
  }

  .copy-button__button {
    flex: 0 0 auto;
    display: flex;
    align-items: center;
    background: none;
    border: none;
    border-radius: var(--sl-border-radius-medium);
    font-size: inherit;
    color: inherit;
    padding: var(--sl-spacing-x-small);
    cursor: pointer;
    transition: var(--sl-transition-x-fast) color;
  }

  .copy-button--success .copy-button__button {
    color: var(--success-color);
  }

  .copy-button--error .copy-button__button {
    color: var(--error-color);
  }

  .copy-button__button:focus-visible {
    outline: var(--sl-focus-ring);
    outline-offset: var(--sl-focus-ring-offset);
  }

  .copy-button__button[disabled] {
    opacity: 0.5;
    cursor: not-allowed !important;
  }

  slot {
    display: inline-flex;
  }
`,V=class extends M{constructor(){super(...arguments),this.localize=new at(this),this.isCopying=!1,this.status="rest",this.value="",this.from="",this.disabled=!1,this.copyLabel="",this.successLabel="",this.errorLabel="",this.feedbackDuration=1e3,this.tooltipPlacement="top",this.hoist=!1}async handleCopy(){if(this.disabled||this.isCopying)return;this.isCopying=!0;let e=this.value;if(this.from){const t=this.getRootNode(),s=this.from.includes("."),i=this.from.includes("[")&&this.from.includes("]");let o=this.from,r="";s?[o,r]=this.from.trim().split("."):i&&([o,r]=this.from.trim().replace(/\]$/,"").split("["));const a="getElementById"in t?t.getElementById(o):null;a?i?e=a.getAttribute(r)||"":s?e=a[r]||"":e=a.textContent||"":(this.showStatus("error"),this.emit("sl-error"))}if(!e)this.showStatus("error"),this.emit("sl-error");else try{await navigator.clipboard.writeText(e),this.showStatus("success"),this.emit("sl-copy",{detail:{value:e}})}catch{this.showStatus("error"),this.emit("sl-error")}}async showStatus(e){const t=this.copyLabel||this.localize.term("copy"),s=this.successLabel||this.localize.term("copied"),i=this.errorLabel||this.localize.term("error"),o=e==="success"?this.successIcon:this.errorIcon,r=et(this,"copy.in",{dir:"ltr"}),a=et(this,"copy.out",{dir:"ltr"});this.tooltip.content=e==="success"?s:i,await this.copyIcon.animate(a.keyframes,a.options).finished,this.copyIcon.hidden=!0,this.status=e,o.hidden=!1,await o.animate(r.keyframes,r.options).finished,setTimeout(async()=>{await o.animate(a.keyframes,a.options).finished,o.hidden=!0,this.status="rest",this.copyIcon.hidden=!1,await this.copyIcon.animate(r.keyframes,r.options).finished,this.tooltip.content=t,this.isCopying=!1},this.feedbackDuration)}render(){const e=this.copyLabel||this.localize.term("copy");return n`
      <sl-tooltip
        class=${q({"copy-button":!0,"copy-button--success":this.status==="success","copy-button--error":this.status==="error"})}
        content=${e}
        placement=${this.tooltipPlacement}
        ?disabled=${this.disabled}
        ?hoist=${this.hoist}
        exportparts="
          base:tooltip__base,
          base__popup:tooltip__base__popup,
          base__arrow:tooltip__base__arrow,
          body:tooltip__body
        "
      >
        <button
          class="copy-button__button"
          part="button"
          type="button"
          ?disabled=${this.disabled}
          @click=${this.handleCopy}
        >
          <slot part="copy-icon" name="copy-icon">
            <sl-icon library="system" name="copy"></sl-icon>
          </slot>
          <slot part="success-icon" name="success-icon" hidden>
            <sl-icon library="system" name="check"></sl-icon>
          </slot>
          <slot part="error-icon" name="error-icon" hidden>
            <sl-icon library="system" name="x-lg"></sl-icon>
          </slot>
        </button>
      </sl-tooltip>
    `}};V.styles=[W,da];V.dependencies={"sl-icon":tt,"sl-tooltip":j};l([P('slot[name="copy-icon"]')],V.prototype,"copyIcon",2);l([P('slot[name="success-icon"]')],V.prototype,"successIcon",2);l([P('slot[name="error-icon"]')],V.prototype,"errorIcon",2);l([P("sl-tooltip")],V.prototype,"tooltip",2);l([F()],V.prototype,"isCopying",2);l([F()],V.prototype,"status",2);l([c()],V.prototype,"value",2);l([c()],V.prototype,"from",2);l([c({type:Boolean,reflect:!0})],V.prototype,"disabled",2);l([c({attribute:"copy-label"})],V.prototype,"copyLabel",2);l([c({attribute:"success-label"})],V.prototype,"successLabel",2);l([c({attribute:"error-label"})],V.prototype,"errorLabel",2);l([c({attribute:"feedback-duration",type:Number})],V.prototype,"feedbackDuration",2);l([c({attribute:"tooltip-placement"})],V.prototype,"tooltipPlacement",2);l([c({type:Boolean})],V.prototype,"hoist",2);st("copy.in",{keyframes:[{scale:".25",opacity:".25"},{scale:"1",opacity:"1"}],options:{duration:100}});st("copy.out",{keyframes:[{scale:"1",opacity:"1"},{scale:".25",opacity:"0"}],options:{duration:100}});V.define("sl-copy-button");function*Ms(e=document.activeElement){e!=null&&(yield e,"shadowRoot"in e&&e.shadowRoot&&e.shadowRoot.mode!=="closed"&&(yield*Qo(Ms(e.shadowRoot.activeElement))))}function ha(){return[...Ms()].pop()}var mi=new WeakMap;function Qi(e){let t=mi.get(e);return t||(t=window.getComputedStyle(e,null),mi.set(e,t)),t}function ua(e){if(typeof e.checkVisibility=="function")return e.checkVisibility({checkOpacity:!1,checkVisibilityCSS:!0});const t=Qi(e);return t.visibility!=="hidden"&&t.display!=="none"}function pa(e){const t=Qi(e),{overflowY:s,overflowX:i}=t;return s==="scroll"||i==="scroll"?!0:s!=="auto"||i!=="auto"?!1:e.scrollHeight>e.clientHeight&&s==="auto"||e.scrollWidth>e.clientWidth&&i==="auto"}function fa(e){const t=e.tagName.toLowerCase(),s=Number(e.getAttribute("tabindex"));if(e.hasAttribute("tabindex")&&(isNaN(s)||s<=-1)||e.hasAttribute("disabled")||e.closest("[inert]"))return!1;if(t==="input"&&e.getAttribute("type")==="radio"){const r=e.getRootNode(),a=`input[type='radio'][name="${e.getAttribute("name")}"]`,d=r.querySelector(`${a}:checked`);return d?d===e:r.querySelector(a)===e}return ua(e)?(t==="audio"||t==="video")&&e.hasAttribute("controls")||e.hasAttribute("tabindex")||e.hasAttribute("contenteditable")&&e.getAttribute("contenteditable")!=="false"||["button","input","select","textarea","a","audio","video","summary","iframe"].includes(t)?!0:pa(e):!1}function ma(e,t){var s;return((s=e.getRootNode({composed:!0}))==null?void 0:s.host)!==t}function bi(e){const t=new WeakMap,s=[];function i(o){if(o instanceof Element){if(o.hasAttribute("inert")||o.closest("[inert]")||t.has(o))return;t.set(o,!0),!s.includes(o)&&fa(o)&&s.push(o),o instanceof HTMLSlotElement&&ma(o,e)&&o.assignedElements({flatten:!0}).forEach(r=>{i(r)}),o.shadowRoot!==null&&o.shadowRoot.mode==="open"&&i(o.shadowRoot)}for(const r of o.children)i(r)}return i(e),s.sort((o,r)=>{const a=Number(o.getAttribute("tabindex"))||0;return(Number(r.getAttribute("tabindex"))||0)-a})}var ue=[],ba=class{constructor(e){this.tabDirection="forward",this.handleFocusIn=()=>{this.isActive()&&this.checkFocus()},this.handleKeyDown=t=>{var s;if(t.key!=="Tab"||this.isExternalActivated||!this.isActive())return;const i=ha();if(this.previousFocus=i,this.previousFocus&&this.possiblyHasTabbableChildren(this.previousFocus))return;t.shiftKey?this.tabDirection="backward":this.tabDirection="forward";const o=bi(this.element);let r=o.findIndex(d=>d===i);this.previousFocus=this.currentFocus;const a=this.tabDirection==="forward"?1:-1;for(;;){r+a>=o.length?r=0:r+a<0?r=o.length-1:r+=a,this.previousFocus=this.currentFocus;const d=o[r];if(this.tabDirection==="backward"&&this.previousFocus&&this.possiblyHasTabbableChildren(this.previousFocus)||d&&this.possiblyHasTabbableChildren(d))return;t.preventDefault(),this.currentFocus=d,(s=this.currentFocus)==null||s.focus({preventScroll:!1});const h=[...Ms()];if(h.includes(this.currentFocus)||!h.includes(this.previousFocus))break}setTimeout(()=>this.checkFocus())},this.handleKeyUp=()=>{this.tabDirection="forward"},this.element=e,this.elementsWithTabbableControls=["iframe"]}activate(){ue.push(this.element),document.addEventListener("focusin",this.handleFocusIn),document.addEventListener("keydown",this.handleKeyDown),document.addEventListener("keyup",this.handleKeyUp)}deactivate(){ue=ue.filter(e=>e!==this.element),this.currentFocus=null,document.removeEventListener("focusin",this.handleFocusIn),document.removeEventListener("keydown",this.handleKeyDown),document.removeEventListener("keyup",this.handleKeyUp)}isActive(){return ue[ue.length-1]===this.element}activateExternal(){this.isExternalActivated=!0}deactivateExternal(){this.isExternalActivated=!1}checkFocus(){if(this.isActive()&&!this.isExternalActivated){const e=bi(this.element);if(!this.element.matches(":focus-within")){const t=e[0],s=e[e.length-1],i=this.tabDirection==="forward"?t:s;typeof i?.focus=="function"&&(this.currentFocus=i,i.focus({preventScroll:!1}))}}}possiblyHasTabbableChildren(e){return this.elementsWithTabbableControls.includes(e.tagName.toLowerCase())||e.hasAttribute("controls")}};function ga(e,t){return{top:Math.round(e.getBoundingClientRect().top-t.getBoundingClientRect().top),left:Math.round(e.getBoundingClientRect().left-t.getBoundingClientRect().left)}}var bs=new Set;function va(){const e=document.documentElement.clientWidth;return Math.abs(window.innerWidth-e)}function ya(){const e=Number(getComputedStyle(document.body).paddingRight.replace(/px/,""));return isNaN(e)||!e?0:e}function gi(e){if(bs.add(e),!document.documentElement.classList.contains("sl-scroll-lock")){const t=va()+ya();let s=getComputedStyle(document.documentElement).scrollbarGutter;(!s||s==="auto")&&(s="stable"),t<2&&(s=""),document.documentElement.style.setProperty("--sl-scroll-lock-gutter",s),document.documentElement.classList.add("sl-scroll-lock"),document.documentElement.style.setProperty("--sl-scroll-lock-size",`${t}px`)}}function vi(e){bs.delete(e),bs.size===0&&(document.documentElement.classList.remove("sl-scroll-lock"),document.documentElement.style.removeProperty("--sl-scroll-lock-size"))}function wa(e,t,s="vertical",i="smooth"){const o=ga(e,t),r=o.top+t.scrollTop,a=o.left+t.scrollLeft,d=t.scrollLeft,h=t.scrollLeft+t.offsetWidth,u=t.scrollTop,m=t.scrollTop+t.offsetHeight;(s==="horizontal"||s==="both")&&(a<d?t.scrollTo({left:a,behavior:i}):a+e.clientWidth>h&&t.scrollTo({left:a-t.offsetWidth+e.clientWidth,behavior:i})),(s==="vertical"||s==="both")&&(r<u?t.scrollTo({top:r,behavior:i}):r+e.clientHeight>m&&t.scrollTo({top:r-t.offsetHeight+e.clientHeight,behavior:i}))}var _a=U`
  :host {
    --width: 31rem;
    --header-spacing: var(--sl-spacing-large);
    --body-spacing: var(--sl-spacing-large);
    --footer-spacing: var(--sl-spacing-large);

    display: contents;
  }

  .dialog {
    display: flex;
    align-items: center;
    justify-content: center;
    position: fixed;
    top: 0;
    right: 0;
    bottom: 0;
    left: 0;
    z-index: var(--sl-z-index-dialog);
  }

  .dialog__panel {
    display: flex;
    flex-direction: column;
    z-index: 2;
    width: var(--width);
    max-width: calc(100% - var(--sl-spacing-2x-large));
    max-height: calc(100% - var(--sl-spacing-2x-large));
    background-color: var(--sl-panel-background-color);
    border-radius: var(--sl-border-radius-medium);
    box-shadow: var(--sl-shadow-x-large);
  }

  .dialog__panel:focus {
    outline: none;
  }

  /* Ensure there's enough vertical padding for phones that don't update vh when chrome appears (e.g. iPhone) */
  @media screen and (max-width: 420px) {
    .dialog__panel {
      max-height: 80vh;
    }
  }

  .dialog--open .dialog__panel {
    display: flex;
    opacity: 1;
  }

  .dialog__header {
    flex: 0 0 auto;
    display: flex;
  }

  .dialog__title {
    flex: 1 1 auto;
    font: inherit;
    font-size: var(--sl-font-size-large);
    line-height: var(--sl-line-height-dense);
    padding: var(--header-spacing);
    margin: 0;
  }

  .dialog__header-actions {
    flex-shrink: 0;
    display: flex;
    flex-wrap: wrap;
    justify-content: end;
    gap: var(--sl-spacing-2x-small);
    padding: 0 var(--header-spacing);
  }

  .dialog__header-actions sl-icon-button,
  .dialog__header-actions ::slotted(sl-icon-button) {
    flex: 0 0 auto;
    display: flex;
    align-items: center;
    font-size: var(--sl-font-size-medium);
  }

  .dialog__body {
    flex: 1 1 auto;
    display: block;
    padding: var(--body-spacing);
    overflow: auto;
    -webkit-overflow-scrolling: touch;
  }

  .dialog__footer {
    flex: 0 0 auto;
    text-align: right;
    padding: var(--footer-spacing);
  }

  .dialog__footer ::slotted(sl-button:not(:first-of-type)) {
    margin-inline-start: var(--sl-spacing-x-small);
  }

  .dialog:not(.dialog--has-footer) .dialog__footer {
    display: none;
  }

  .dialog__overlay {
    position: fixed;
    top: 0;
    right: 0;
    bottom: 0;
    left: 0;
    background-color: var(--sl-overlay-background-color);
  }

  @media (forced-colors: active) {
    .dialog__panel {
      border: solid 1px var(--sl-color-neutral-0);
    }
  }
`,vt=class extends M{constructor(){super(...arguments),this.hasSlotController=new It(this,"footer"),this.localize=new at(this),this.modal=new ba(this),this.open=!1,this.label="",this.noHeader=!1,this.handleDocumentKeyDown=e=>{e.key==="Escape"&&this.modal.isActive()&&this.open&&(e.stopPropagation(),this.requestClose("keyboard"))}}firstUpdated(){this.dialog.hidden=!this.open,this.open&&(this.addOpenListeners(),this.modal.activate(),gi(this))}disconnectedCallback(){super.disconnectedCallback(),this.modal.deactivate(),vi(this),this.removeOpenListeners()}requestClose(e){if(this.emit("sl-request-close",{cancelable:!0,detail:{source:e}}).defaultPrevented){const s=et(this,"dialog.denyClose",{dir:this.localize.dir()});ht(this.panel,s.keyframes,s.options);return}this.hide()}addOpenListeners(){var e;"CloseWatcher"in window?((e=this.closeWatcher)==null||e.destroy(),this.closeWatcher=new CloseWatcher,this.closeWatcher.onclose=()=>this.requestClose("keyboard")):document.addEventListener("keydown",this.handleDocumentKeyDown)}removeOpenListeners(){var e;(e=this.closeWatcher)==null||e.destroy(),document.removeEventListener("keydown",this.handleDocumentKeyDown)}async handleOpenChange(){if(this.open){this.emit("sl-show"),this.addOpenListeners(),this.originalTrigger=document.activeElement,this.modal.activate(),gi(this);const e=this.querySelector("[autofocus]");e&&e.removeAttribute("autofocus"),await Promise.all([ft(this.dialog),ft(this.overlay)]),this.dialog.hidden=!1,requestAnimationFrame(()=>{this.emit("sl-initial-focus",{cancelable:!0}).defaultPrevented||(e?e.focus({preventScroll:!0}):this.panel.focus({preventScroll:!0})),e&&e.setAttribute("autofocus","")});const t=et(this,"dialog.show",{dir:this.localize.dir()}),s=et(this,"dialog.overlay.show",{dir:this.localize.dir()});await Promise.all([ht(this.panel,t.keyframes,t.options),ht(this.overlay,s.keyframes,s.options)]),this.emit("sl-after-show")}else{Pi(this),this.emit("sl-hide"),this.removeOpenListeners(),this.modal.deactivate(),await Promise.all([ft(this.dialog),ft(this.overlay)]);const e=et(this,"dialog.hide",{dir:this.localize.dir()}),t=et(this,"dialog.overlay.hide",{dir:this.localize.dir()});await Promise.all([ht(this.overlay,t.keyframes,t.options).then(()=>{this.overlay.hidden=!0}),ht(this.panel,e.keyframes,e.options).then(()=>{this.panel.hidden=!0})]),this.dialog.hidden=!0,this.overlay.hidden=!1,this.panel.hidden=!1,vi(this);const s=this.originalTrigger;typeof s?.focus=="function"&&setTimeout(()=>s.focus()),this.emit("sl-after-hide")}}async show(){if(!this.open)return this.open=!0,Tt(this,"sl-after-show")}async hide(){if(this.open)return this.open=!1,Tt(this,"sl-after-hide")}render(){return n`
      <div
        part="base"
        class=${q({dialog:!0,"dialog--open":this.open,"dialog--has-footer":this.hasSlotController.test("footer")})}
      >
        <div part="overlay" class="dialog__overlay" @click=${()=>this.requestClose("overlay")} tabindex="-1"></div>

        <div
          part="panel"
          class="dialog__panel"
          role="dialog"
          aria-modal="true"
          aria-hidden=${this.open?"false":"true"}
          aria-label=${w(this.noHeader?this.label:void 0)}
          aria-labelledby=${w(this.noHeader?void 0:"title")}
          tabindex="-1"
        >
          ${this.noHeader?"":n`
                <header part="header" class="dialog__header">
                  <h2 part="title" class="dialog__title" id="title">
                    <slot name="label"> ${this.label.length>0?this.label:"\uFEFF"} </slot>
                  </h2>
                  <div part="header-actions" class="dialog__header-actions">
                    <slot name="header-actions"></slot>
                    <sl-icon-button
                      part="close-button"
                      exportparts="base:close-button__base"
                      class="dialog__close"
                      name="x-lg"
                      label=${this.localize.term("close")}
                      library="system"
                      @click="${()=>this.requestClose("close-button")}"
                    ></sl-icon-button>
                  </div>
                </header>
              `}
          ${""}
          <div part="body" class="dialog__body" tabindex="-1"><slot></slot></div>

          <footer part="footer" class="dialog__footer">
            <slot name="footer"></slot>
          </footer>
        </div>
      </div>
    `}};vt.styles=[W,_a];vt.dependencies={"sl-icon-button":J};l([P(".dialog")],vt.prototype,"dialog",2);l([P(".dialog__panel")],vt.prototype,"panel",2);l([P(".dialog__overlay")],vt.prototype,"overlay",2);l([c({type:Boolean,reflect:!0})],vt.prototype,"open",2);l([c({reflect:!0})],vt.prototype,"label",2);l([c({attribute:"no-header",type:Boolean,reflect:!0})],vt.prototype,"noHeader",2);l([R("open",{waitUntilFirstUpdate:!0})],vt.prototype,"handleOpenChange",1);st("dialog.show",{keyframes:[{opacity:0,scale:.8},{opacity:1,scale:1}],options:{duration:250,easing:"ease"}});st("dialog.hide",{keyframes:[{opacity:1,scale:1},{opacity:0,scale:.8}],options:{duration:250,easing:"ease"}});st("dialog.denyClose",{keyframes:[{scale:1},{scale:1.02},{scale:1}],options:{duration:250}});st("dialog.overlay.show",{keyframes:[{opacity:0},{opacity:1}],options:{duration:250}});st("dialog.overlay.hide",{keyframes:[{opacity:1},{opacity:0}],options:{duration:250}});vt.define("sl-dialog");var $a=U`
  :host {
    display: block;
  }

  .input {
    flex: 1 1 auto;
    display: inline-flex;
    align-items: stretch;
    justify-content: start;
    position: relative;
    width: 100%;
    font-family: var(--sl-input-font-family);
    font-weight: var(--sl-input-font-weight);
    letter-spacing: var(--sl-input-letter-spacing);
    vertical-align: middle;
    overflow: hidden;
    cursor: text;
    transition:
      var(--sl-transition-fast) color,
      var(--sl-transition-fast) border,
      var(--sl-transition-fast) box-shadow,
      var(--sl-transition-fast) background-color;
  }

  /* Standard inputs */
  .input--standard {
    background-color: var(--sl-input-background-color);
    border: solid var(--sl-input-border-width) var(--sl-input-border-color);
  }

  .input--standard:hover:not(.input--disabled) {
    background-color: var(--sl-input-background-color-hover);
    border-color: var(--sl-input-border-color-hover);
  }

  .input--standard.input--focused:not(.input--disabled) {
    background-color: var(--sl-input-background-color-focus);
    border-color: var(--sl-input-border-color-focus);
    box-shadow: 0 0 0 var(--sl-focus-ring-width) var(--sl-input-focus-ring-color);
  }

  .input--standard.input--focused:not(.input--disabled) .input__control {
    color: var(--sl-input-color-focus);
  }

  .input--standard.input--disabled {
    background-color: var(--sl-input-background-color-disabled);
    border-color: var(--sl-input-border-color-disabled);
    opacity: 0.5;
    cursor: not-allowed;
  }

  .input--standard.input--disabled .input__control {
    color: var(--sl-input-color-disabled);
  }

  .input--standard.input--disabled .input__control::placeholder {
    color: var(--sl-input-placeholder-color-disabled);
  }

  /* Filled inputs */
  .input--filled {
    border: none;
    background-color: var(--sl-input-filled-background-color);
    color: var(--sl-input-color);
  }

  .input--filled:hover:not(.input--disabled) {
    background-color: var(--sl-input-filled-background-color-hover);
  }

  .input--filled.input--focused:not(.input--disabled) {
    background-color: var(--sl-input-filled-background-color-focus);
    outline: var(--sl-focus-ring);
    outline-offset: var(--sl-focus-ring-offset);
  }

  .input--filled.input--disabled {
    background-color: var(--sl-input-filled-background-color-disabled);
    opacity: 0.5;
    cursor: not-allowed;
  }

  .input__control {
    flex: 1 1 auto;
    font-family: inherit;
    font-size: inherit;
    font-weight: inherit;
    min-width: 0;
    height: 100%;
    color: var(--sl-input-color);
    border: none;
    background: inherit;
    box-shadow: none;
    padding: 0;
    margin: 0;
    cursor: inherit;
    -webkit-appearance: none;
  }

  .input__control::-webkit-search-decoration,
  .input__control::-webkit-search-cancel-button,
  .input__control::-webkit-search-results-button,
  .input__control::-webkit-search-results-decoration {
    -webkit-appearance: none;
  }

  .input__control:-webkit-autofill,
  .input__control:-webkit-autofill:hover,
  .input__control:-webkit-autofill:focus,
  .input__control:-webkit-autofill:active {
    box-shadow: 0 0 0 var(--sl-input-height-large) var(--sl-input-background-color-hover) inset !important;
    -webkit-text-fill-color: var(--sl-color-primary-500);
    caret-color: var(--sl-input-color);
  }

  .input--filled .input__control:-webkit-autofill,
  .input--filled .input__control:-webkit-autofill:hover,
  .input--filled .input__control:-webkit-autofill:focus,
  .input--filled .input__control:-webkit-autofill:active {
    box-shadow: 0 0 0 var(--sl-input-height-large) var(--sl-input-filled-background-color) inset !important;
  }

  .input__control::placeholder {
    color: var(--sl-input-placeholder-color);
    user-select: none;
    -webkit-user-select: none;
  }

  .input:hover:not(.input--disabled) .input__control {
    color: var(--sl-input-color-hover);
  }

  .input__control:focus {
    outline: none;
  }

  .input__prefix,
  .input__suffix {
    display: inline-flex;
    flex: 0 0 auto;
    align-items: center;
    cursor: default;
  }

  .input__prefix ::slotted(sl-icon),
  .input__suffix ::slotted(sl-icon) {
    color: var(--sl-input-icon-color);
  }

  /*
   * Size modifiers
   */

  .input--small {
    border-radius: var(--sl-input-border-radius-small);
    font-size: var(--sl-input-font-size-small);
    height: var(--sl-input-height-small);
  }

  .input--small .input__control {
    height: calc(var(--sl-input-height-small) - var(--sl-input-border-width) * 2);
    padding: 0 var(--sl-input-spacing-small);
  }

  .input--small .input__clear,
  .input--small .input__password-toggle {
    width: calc(1em + var(--sl-input-spacing-small) * 2);
  }

  .input--small .input__prefix ::slotted(*) {
    margin-inline-start: var(--sl-input-spacing-small);
  }

  .input--small .input__suffix ::slotted(*) {
    margin-inline-end: var(--sl-input-spacing-small);
  }

  .input--medium {
    border-radius: var(--sl-input-border-radius-medium);
    font-size: var(--sl-input-font-size-medium);
    height: var(--sl-input-height-medium);
  }

  .input--medium .input__control {
    height: calc(var(--sl-input-height-medium) - var(--sl-input-border-width) * 2);
    padding: 0 var(--sl-input-spacing-medium);
  }

  .input--medium .input__clear,
  .input--medium .input__password-toggle {
    width: calc(1em + var(--sl-input-spacing-medium) * 2);
  }

  .input--medium .input__prefix ::slotted(*) {
    margin-inline-start: var(--sl-input-spacing-medium);
  }

  .input--medium .input__suffix ::slotted(*) {
    margin-inline-end: var(--sl-input-spacing-medium);
  }

  .input--large {
    border-radius: var(--sl-input-border-radius-large);
    font-size: var(--sl-input-font-size-large);
    height: var(--sl-input-height-large);
  }

  .input--large .input__control {
    height: calc(var(--sl-input-height-large) - var(--sl-input-border-width) * 2);
    padding: 0 var(--sl-input-spacing-large);
  }

  .input--large .input__clear,
  .input--large .input__password-toggle {
    width: calc(1em + var(--sl-input-spacing-large) * 2);
  }

  .input--large .input__prefix ::slotted(*) {
    margin-inline-start: var(--sl-input-spacing-large);
  }

  .input--large .input__suffix ::slotted(*) {
    margin-inline-end: var(--sl-input-spacing-large);
  }

  /*
   * Pill modifier
   */

  .input--pill.input--small {
    border-radius: var(--sl-input-height-small);
  }

  .input--pill.input--medium {
    border-radius: var(--sl-input-height-medium);
  }

  .input--pill.input--large {
    border-radius: var(--sl-input-height-large);
  }

  /*
   * Clearable + Password Toggle
   */

  .input__clear,
  .input__password-toggle {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    font-size: inherit;
    color: var(--sl-input-icon-color);
    border: none;
    background: none;
    padding: 0;
    transition: var(--sl-transition-fast) color;
    cursor: pointer;
  }

  .input__clear:hover,
  .input__password-toggle:hover {
    color: var(--sl-input-icon-color-hover);
  }

  .input__clear:focus,
  .input__password-toggle:focus {
    outline: none;
  }

  /* Don't show the browser's password toggle in Edge */
  ::-ms-reveal {
    display: none;
  }

  /* Hide the built-in number spinner */
  .input--no-spin-buttons input[type='number']::-webkit-outer-spin-button,
  .input--no-spin-buttons input[type='number']::-webkit-inner-spin-button {
    -webkit-appearance: none;
    display: none;
  }

  .input--no-spin-buttons input[type='number'] {
    -moz-appearance: textfield;
  }
`,Bs=(e="value")=>(t,s)=>{const i=t.constructor,o=i.prototype.attributeChangedCallback;i.prototype.attributeChangedCallback=function(r,a,d){var h;const u=i.getPropertyOptions(e),m=typeof u.attribute=="string"?u.attribute:e;if(r===m){const p=u.converter||te,f=(typeof p=="function"?p:(h=p?.fromAttribute)!=null?h:te.fromAttribute)(d,u.type);this[e]!==f&&(this[s]=f)}o.call(this,r,a,d)}},Ge=U`
  .form-control .form-control__label {
    display: none;
  }

  .form-control .form-control__help-text {
    display: none;
  }

  /* Label */
  .form-control--has-label .form-control__label {
    display: inline-block;
    color: var(--sl-input-label-color);
    margin-bottom: var(--sl-spacing-3x-small);
  }

  .form-control--has-label.form-control--small .form-control__label {
    font-size: var(--sl-input-label-font-size-small);
  }

  .form-control--has-label.form-control--medium .form-control__label {
    font-size: var(--sl-input-label-font-size-medium);
  }

  .form-control--has-label.form-control--large .form-control__label {
    font-size: var(--sl-input-label-font-size-large);
  }

  :host([required]) .form-control--has-label .form-control__label::after {
    content: var(--sl-input-required-content);
    margin-inline-start: var(--sl-input-required-content-offset);
    color: var(--sl-input-required-content-color);
  }

  /* Help text */
  .form-control--has-help-text .form-control__help-text {
    display: block;
    color: var(--sl-input-help-text-color);
    margin-top: var(--sl-spacing-3x-small);
  }

  .form-control--has-help-text.form-control--small .form-control__help-text {
    font-size: var(--sl-input-help-text-font-size-small);
  }

  .form-control--has-help-text.form-control--medium .form-control__help-text {
    font-size: var(--sl-input-help-text-font-size-medium);
  }

  .form-control--has-help-text.form-control--large .form-control__help-text {
    font-size: var(--sl-input-help-text-font-size-large);
  }

  .form-control--has-help-text.form-control--radio-group .form-control__help-text {
    margin-top: var(--sl-spacing-2x-small);
  }
`;const qs=Ue(class extends Ve{constructor(e){if(super(e),e.type!==At.PROPERTY&&e.type!==At.ATTRIBUTE&&e.type!==At.BOOLEAN_ATTRIBUTE)throw Error("The `live` directive is not allowed on child or event bindings");if(!Oo(e))throw Error("`live` bindings can only contain a single expression")}render(e){return e}update(e,[t]){if(t===rt||t===L)return t;const s=e.element,i=e.name;if(e.type===At.PROPERTY){if(t===s[i])return rt}else if(e.type===At.BOOLEAN_ATTRIBUTE){if(!!t===s.hasAttribute(i))return rt}else if(e.type===At.ATTRIBUTE&&s.getAttribute(i)===t+"")return rt;return Ii(e),t}});var k=class extends M{constructor(){super(...arguments),this.formControlController=new ke(this,{assumeInteractionOn:["sl-blur","sl-input"]}),this.hasSlotController=new It(this,"help-text","label"),this.localize=new at(this),this.hasFocus=!1,this.title="",this.__numberInput=Object.assign(document.createElement("input"),{type:"number"}),this.__dateInput=Object.assign(document.createElement("input"),{type:"date"}),this.type="text",this.name="",this.value="",this.defaultValue="",this.size="medium",this.filled=!1,this.pill=!1,this.label="",this.helpText="",this.clearable=!1,this.disabled=!1,this.placeholder="",this.readonly=!1,this.passwordToggle=!1,this.passwordVisible=!1,this.noSpinButtons=!1,this.form="",this.required=!1,this.spellcheck=!0}get valueAsDate(){var e;return this.__dateInput.type=this.type,this.__dateInput.value=this.value,((e=this.input)==null?void 0:e.valueAsDate)||this.__dateInput.valueAsDate}set valueAsDate(e){this.__dateInput.type=this.type,this.__dateInput.valueAsDate=e,this.value=this.__dateInput.value}get valueAsNumber(){var e;return this.__numberInput.value=this.value,((e=this.input)==null?void 0:e.valueAsNumber)||this.__numberInput.valueAsNumber}set valueAsNumber(e){this.__numberInput.valueAsNumber=e,this.value=this.__numberInput.value}get validity(){return this.input.validity}get validationMessage(){return this.input.validationMessage}firstUpdated(){this.formControlController.updateValidity()}handleBlur(){this.hasFocus=!1,this.emit("sl-blur")}handleChange(){this.value=this.input.value,this.emit("sl-change")}handleClearClick(e){e.preventDefault(),this.value!==""&&(this.value="",this.emit("sl-clear"),this.emit("sl-input"),this.emit("sl-change")),this.input.focus()}handleFocus(){this.hasFocus=!0,this.emit("sl-focus")}handleInput(){this.value=this.input.value,this.formControlController.updateValidity(),this.emit("sl-input")}handleInvalid(e){this.formControlController.setValidity(!1),this.formControlController.emitInvalidEvent(e)}handleKeyDown(e){const t=e.metaKey||e.ctrlKey||e.shiftKey||e.altKey;e.key==="Enter"&&!t&&setTimeout(()=>{!e.defaultPrevented&&!e.isComposing&&this.formControlController.submit()})}handlePasswordToggle(){this.passwordVisible=!this.passwordVisible}handleDisabledChange(){this.formControlController.setValidity(this.disabled)}handleStepChange(){this.input.step=String(this.step),this.formControlController.updateValidity()}async handleValueChange(){await this.updateComplete,this.formControlController.updateValidity()}focus(e){this.input.focus(e)}blur(){this.input.blur()}select(){this.input.select()}setSelectionRange(e,t,s="none"){this.input.setSelectionRange(e,t,s)}setRangeText(e,t,s,i="preserve"){const o=t??this.input.selectionStart,r=s??this.input.selectionEnd;this.input.setRangeText(e,o,r,i),this.value!==this.input.value&&(this.value=this.input.value)}showPicker(){"showPicker"in HTMLInputElement.prototype&&this.input.showPicker()}stepUp(){this.input.stepUp(),this.value!==this.input.value&&(this.value=this.input.value)}stepDown(){this.input.stepDown(),this.value!==this.input.value&&(this.value=this.input.value)}checkValidity(){return this.input.checkValidity()}getForm(){return this.formControlController.getForm()}reportValidity(){return this.input.reportValidity()}setCustomValidity(e){this.input.setCustomValidity(e),this.formControlController.updateValidity()}render(){const e=this.hasSlotController.test("label"),t=this.hasSlotController.test("help-text"),s=this.label?!0:!!e,i=this.helpText?!0:!!t,r=this.clearable&&!this.disabled&&!this.readonly&&(typeof this.value=="number"||this.value.length>0);return n`
      <div
        part="form-control"
        class=${q({"form-control":!0,"form-control--small":this.size==="small","form-control--medium":this.size==="medium","form-control--large":this.size==="large","form-control--has-label":s,"form-control--has-help-text":i})}
      >
        <label
          part="form-control-label"
          class="form-control__label"
          for="input"
          aria-hidden=${s?"false":"true"}
        >
          <slot name="label">${this.label}</slot>
        </label>

        <div part="form-control-input" class="form-control-input">
          <div
            part="base"
            class=${q({input:!0,"input--small":this.size==="small","input--medium":this.size==="medium","input--large":this.size==="large","input--pill":this.pill,"input--standard":!this.filled,"input--filled":this.filled,"input--disabled":this.disabled,"input--focused":this.hasFocus,"input--empty":!this.value,"input--no-spin-buttons":this.noSpinButtons})}
          >
            <span part="prefix" class="input__prefix">
              <slot name="prefix"></slot>
            </span>

            <input
              part="input"
              id="input"
              class="input__control"
              type=${this.type==="password"&&this.passwordVisible?"text":this.type}
              title=${this.title}
              name=${w(this.name)}
              ?disabled=${this.disabled}
              ?readonly=${this.readonly}
              ?required=${this.required}
              placeholder=${w(this.placeholder)}
              minlength=${w(this.minlength)}
              maxlength=${w(this.maxlength)}
              min=${w(this.min)}
              max=${w(this.max)}
              step=${w(this.step)}
              .value=${qs(this.value)}
              autocapitalize=${w(this.autocapitalize)}
              autocomplete=${w(this.autocomplete)}
              autocorrect=${w(this.autocorrect)}
              ?autofocus=${this.autofocus}
              spellcheck=${this.spellcheck}
              pattern=${w(this.pattern)}
              enterkeyhint=${w(this.enterkeyhint)}
              inputmode=${w(this.inputmode)}
              aria-describedby="help-text"
              @change=${this.handleChange}
              @input=${this.handleInput}
              @invalid=${this.handleInvalid}
              @keydown=${this.handleKeyDown}
              @focus=${this.handleFocus}
              @blur=${this.handleBlur}
            />

            ${r?n`
                  <button
                    part="clear-button"
                    class="input__clear"
                    type="button"
                    aria-label=${this.localize.term("clearEntry")}
                    @click=${this.handleClearClick}
                    tabindex="-1"
                  >
                    <slot name="clear-icon">
                      <sl-icon name="x-circle-fill" library="system"></sl-icon>
                    </slot>
                  </button>
                `:""}
            ${this.passwordToggle&&!this.disabled?n`
                  <button
                    part="password-toggle-button"
                    class="input__password-toggle"
                    type="button"
                    aria-label=${this.localize.term(this.passwordVisible?"hidePassword":"showPassword")}
                    @click=${this.handlePasswordToggle}
                    tabindex="-1"
                  >
                    ${this.passwordVisible?n`
                          <slot name="show-password-icon">
                            <sl-icon name="eye-slash" library="system"></sl-icon>
                          </slot>
                        `:n`
                          <slot name="hide-password-icon">
                            <sl-icon name="eye" library="system"></sl-icon>
                          </slot>
                        `}
                  </button>
                `:""}

            <span part="suffix" class="input__suffix">
              <slot name="suffix"></slot>
            </span>
          </div>
        </div>

        <div
          part="form-control-help-text"
          id="help-text"
          class="form-control__help-text"
          aria-hidden=${i?"false":"true"}
        >
          <slot name="help-text">${this.helpText}</slot>
        </div>
      </div>
    `}};k.styles=[W,Ge,$a];k.dependencies={"sl-icon":tt};l([P(".input__control")],k.prototype,"input",2);l([F()],k.prototype,"hasFocus",2);l([c()],k.prototype,"title",2);l([c({reflect:!0})],k.prototype,"type",2);l([c()],k.prototype,"name",2);l([c()],k.prototype,"value",2);l([Bs()],k.prototype,"defaultValue",2);l([c({reflect:!0})],k.prototype,"size",2);l([c({type:Boolean,reflect:!0})],k.prototype,"filled",2);l([c({type:Boolean,reflect:!0})],k.prototype,"pill",2);l([c()],k.prototype,"label",2);l([c({attribute:"help-text"})],k.prototype,"helpText",2);l([c({type:Boolean})],k.prototype,"clearable",2);l([c({type:Boolean,reflect:!0})],k.prototype,"disabled",2);l([c()],k.prototype,"placeholder",2);l([c({type:Boolean,reflect:!0})],k.prototype,"readonly",2);l([c({attribute:"password-toggle",type:Boolean})],k.prototype,"passwordToggle",2);l([c({attribute:"password-visible",type:Boolean})],k.prototype,"passwordVisible",2);l([c({attribute:"no-spin-buttons",type:Boolean})],k.prototype,"noSpinButtons",2);l([c({reflect:!0})],k.prototype,"form",2);l([c({type:Boolean,reflect:!0})],k.prototype,"required",2);l([c()],k.prototype,"pattern",2);l([c({type:Number})],k.prototype,"minlength",2);l([c({type:Number})],k.prototype,"maxlength",2);l([c()],k.prototype,"min",2);l([c()],k.prototype,"max",2);l([c()],k.prototype,"step",2);l([c()],k.prototype,"autocapitalize",2);l([c()],k.prototype,"autocorrect",2);l([c()],k.prototype,"autocomplete",2);l([c({type:Boolean})],k.prototype,"autofocus",2);l([c()],k.prototype,"enterkeyhint",2);l([c({type:Boolean,converter:{fromAttribute:e=>!(!e||e==="false"),toAttribute:e=>e?"true":"false"}})],k.prototype,"spellcheck",2);l([c()],k.prototype,"inputmode",2);l([R("disabled",{waitUntilFirstUpdate:!0})],k.prototype,"handleDisabledChange",1);l([R("step",{waitUntilFirstUpdate:!0})],k.prototype,"handleStepChange",1);l([R("value",{waitUntilFirstUpdate:!0})],k.prototype,"handleValueChange",1);k.define("sl-input");var xa=U`
  :host {
    display: block;
    user-select: none;
    -webkit-user-select: none;
  }

  :host(:focus) {
    outline: none;
  }

  .option {
    position: relative;
    display: flex;
    align-items: center;
    font-family: var(--sl-font-sans);
    font-size: var(--sl-font-size-medium);
    font-weight: var(--sl-font-weight-normal);
    line-height: var(--sl-line-height-normal);
    letter-spacing: var(--sl-letter-spacing-normal);
    color: var(--sl-color-neutral-700);
    padding: var(--sl-spacing-x-small) var(--sl-spacing-medium) var(--sl-spacing-x-small) var(--sl-spacing-x-small);
    transition: var(--sl-transition-fast) fill;
    cursor: pointer;
  }

  .option--hover:not(.option--current):not(.option--disabled) {
    background-color: var(--sl-color-neutral-100);
    color: var(--sl-color-neutral-1000);
  }

  .option--current,
  .option--current.option--disabled {
    background-color: var(--sl-color-primary-600);
    color: var(--sl-color-neutral-0);
    opacity: 1;
  }

  .option--disabled {
    outline: none;
    opacity: 0.5;
    cursor: not-allowed;
  }

  .option__label {
    flex: 1 1 auto;
    display: inline-block;
    line-height: var(--sl-line-height-dense);
  }

  .option .option__check {
    flex: 0 0 auto;
    display: flex;
    align-items: center;
    justify-content: center;
    visibility: hidden;
    padding-inline-end: var(--sl-spacing-2x-small);
  }

  .option--selected .option__check {
    visibility: visible;
  }

  .option__prefix,
  .option__suffix {
    flex: 0 0 auto;
    display: flex;
    align-items: center;
  }

  .option__prefix::slotted(*) {
    margin-inline-end: var(--sl-spacing-x-small);
  }

  .option__suffix::slotted(*) {
    margin-inline-start: var(--sl-spacing-x-small);
  }

  @media (forced-colors: active) {
    :host(:hover:not([aria-disabled='true'])) .option {
      outline: dashed 1px SelectedItem;
      outline-offset: -1px;
    }
  }
`,lt=class extends M{constructor(){super(...arguments),this.localize=new at(this),this.isInitialized=!1,this.current=!1,this.selected=!1,this.hasHover=!1,this.value="",this.disabled=!1}connectedCallback(){super.connectedCallback(),this.setAttribute("role","option"),this.setAttribute("aria-selected","false")}handleDefaultSlotChange(){this.isInitialized?customElements.whenDefined("sl-select").then(()=>{const e=this.closest("sl-select");e&&e.handleDefaultSlotChange()}):this.isInitialized=!0}handleMouseEnter(){this.hasHover=!0}handleMouseLeave(){this.hasHover=!1}handleDisabledChange(){this.setAttribute("aria-disabled",this.disabled?"true":"false")}handleSelectedChange(){this.setAttribute("aria-selected",this.selected?"true":"false")}handleValueChange(){typeof this.value!="string"&&(this.value=String(this.value)),this.value.includes(" ")&&(console.error("Option values cannot include a space. All spaces have been replaced with underscores.",this),this.value=this.value.replace(/ /g,"_"))}getTextLabel(){const e=this.childNodes;let t="";return[...e].forEach(s=>{s.nodeType===Node.ELEMENT_NODE&&(s.hasAttribute("slot")||(t+=s.textContent)),s.nodeType===Node.TEXT_NODE&&(t+=s.textContent)}),t.trim()}render(){return n`
      <div
        part="base"
        class=${q({option:!0,"option--current":this.current,"option--disabled":this.disabled,"option--selected":this.selected,"option--hover":this.hasHover})}
        @mouseenter=${this.handleMouseEnter}
        @mouseleave=${this.handleMouseLeave}
      >
        <sl-icon part="checked-icon" class="option__check" name="check" library="system" aria-hidden="true"></sl-icon>
        <slot part="prefix" name="prefix" class="option__prefix"></slot>
        <slot part="label" class="option__label" @slotchange=${this.handleDefaultSlotChange}></slot>
        <slot part="suffix" name="suffix" class="option__suffix"></slot>
      </div>
    `}};lt.styles=[W,xa];lt.dependencies={"sl-icon":tt};l([P(".option__label")],lt.prototype,"defaultSlot",2);l([F()],lt.prototype,"current",2);l([F()],lt.prototype,"selected",2);l([F()],lt.prototype,"hasHover",2);l([c({reflect:!0})],lt.prototype,"value",2);l([c({type:Boolean,reflect:!0})],lt.prototype,"disabled",2);l([R("disabled")],lt.prototype,"handleDisabledChange",1);l([R("selected")],lt.prototype,"handleSelectedChange",1);l([R("value")],lt.prototype,"handleValueChange",1);lt.define("sl-option");var ka=[{max:276e4,value:6e4,unit:"minute"},{max:72e6,value:36e5,unit:"hour"},{max:5184e5,value:864e5,unit:"day"},{max:24192e5,value:6048e5,unit:"week"},{max:28512e6,value:2592e6,unit:"month"},{max:1/0,value:31536e6,unit:"year"}],Kt=class extends M{constructor(){super(...arguments),this.localize=new at(this),this.isoTime="",this.relativeTime="",this.date=new Date,this.format="long",this.numeric="auto",this.sync=!1}disconnectedCallback(){super.disconnectedCallback(),clearTimeout(this.updateTimeout)}render(){const e=new Date,t=new Date(this.date);if(isNaN(t.getMilliseconds()))return this.relativeTime="",this.isoTime="","";const s=t.getTime()-e.getTime(),{unit:i,value:o}=ka.find(r=>Math.abs(s)<r.max);if(this.isoTime=t.toISOString(),this.relativeTime=this.localize.relativeTime(Math.round(s/o),i,{numeric:this.numeric,style:this.format}),clearTimeout(this.updateTimeout),this.sync){let r;i==="minute"?r=Te("second"):i==="hour"?r=Te("minute"):i==="day"?r=Te("hour"):r=Te("day"),this.updateTimeout=window.setTimeout(()=>this.requestUpdate(),r)}return n` <time datetime=${this.isoTime}>${this.relativeTime}</time> `}};l([F()],Kt.prototype,"isoTime",2);l([F()],Kt.prototype,"relativeTime",2);l([c()],Kt.prototype,"date",2);l([c()],Kt.prototype,"format",2);l([c()],Kt.prototype,"numeric",2);l([c({type:Boolean})],Kt.prototype,"sync",2);function Te(e){const s={second:1e3,minute:6e4,hour:36e5,day:864e5}[e];return s-Date.now()%s}Kt.define("sl-relative-time");var Ca=U`
  :host {
    display: inline-block;
  }

  .tag {
    display: flex;
    align-items: center;
    border: solid 1px;
    line-height: 1;
    white-space: nowrap;
    user-select: none;
    -webkit-user-select: none;
  }

  .tag__remove::part(base) {
    color: inherit;
    padding: 0;
  }

  /*
   * Variant modifiers
   */

  .tag--primary {
    background-color: var(--sl-color-primary-50);
    border-color: var(--sl-color-primary-200);
    color: var(--sl-color-primary-800);
  }

  .tag--primary:active > sl-icon-button {
    color: var(--sl-color-primary-600);
  }

  .tag--success {
    background-color: var(--sl-color-success-50);
    border-color: var(--sl-color-success-200);
    color: var(--sl-color-success-800);
  }

  .tag--success:active > sl-icon-button {
    color: var(--sl-color-success-600);
  }

  .tag--neutral {
    background-color: var(--sl-color-neutral-50);
    border-color: var(--sl-color-neutral-200);
    color: var(--sl-color-neutral-800);
  }

  .tag--neutral:active > sl-icon-button {
    color: var(--sl-color-neutral-600);
  }

  .tag--warning {
    background-color: var(--sl-color-warning-50);
    border-color: var(--sl-color-warning-200);
    color: var(--sl-color-warning-800);
  }

  .tag--warning:active > sl-icon-button {
    color: var(--sl-color-warning-600);
  }

  .tag--danger {
    background-color: var(--sl-color-danger-50);
    border-color: var(--sl-color-danger-200);
    color: var(--sl-color-danger-800);
  }

  .tag--danger:active > sl-icon-button {
    color: var(--sl-color-danger-600);
  }

  /*
   * Size modifiers
   */

  .tag--small {
    font-size: var(--sl-button-font-size-small);
    height: calc(var(--sl-input-height-small) * 0.8);
    line-height: calc(var(--sl-input-height-small) - var(--sl-input-border-width) * 2);
    border-radius: var(--sl-input-border-radius-small);
    padding: 0 var(--sl-spacing-x-small);
  }

  .tag--medium {
    font-size: var(--sl-button-font-size-medium);
    height: calc(var(--sl-input-height-medium) * 0.8);
    line-height: calc(var(--sl-input-height-medium) - var(--sl-input-border-width) * 2);
    border-radius: var(--sl-input-border-radius-medium);
    padding: 0 var(--sl-spacing-small);
  }

  .tag--large {
    font-size: var(--sl-button-font-size-large);
    height: calc(var(--sl-input-height-large) * 0.8);
    line-height: calc(var(--sl-input-height-large) - var(--sl-input-border-width) * 2);
    border-radius: var(--sl-input-border-radius-large);
    padding: 0 var(--sl-spacing-medium);
  }

  .tag__remove {
    margin-inline-start: var(--sl-spacing-x-small);
  }

  /*
   * Pill modifier
   */

  .tag--pill {
    border-radius: var(--sl-border-radius-pill);
  }
`,Xt=class extends M{constructor(){super(...arguments),this.localize=new at(this),this.variant="neutral",this.size="medium",this.pill=!1,this.removable=!1}handleRemoveClick(){this.emit("sl-remove")}render(){return n`
      <span
        part="base"
        class=${q({tag:!0,"tag--primary":this.variant==="primary","tag--success":this.variant==="success","tag--neutral":this.variant==="neutral","tag--warning":this.variant==="warning","tag--danger":this.variant==="danger","tag--text":this.variant==="text","tag--small":this.size==="small","tag--medium":this.size==="medium","tag--large":this.size==="large","tag--pill":this.pill,"tag--removable":this.removable})}
      >
        <slot part="content" class="tag__content"></slot>

        ${this.removable?n`
              <sl-icon-button
                part="remove-button"
                exportparts="base:remove-button__base"
                name="x-lg"
                library="system"
                label=${this.localize.term("remove")}
                class="tag__remove"
                @click=${this.handleRemoveClick}
                tabindex="-1"
              ></sl-icon-button>
            `:""}
      </span>
    `}};Xt.styles=[W,Ca];Xt.dependencies={"sl-icon-button":J};l([c({reflect:!0})],Xt.prototype,"variant",2);l([c({reflect:!0})],Xt.prototype,"size",2);l([c({type:Boolean,reflect:!0})],Xt.prototype,"pill",2);l([c({type:Boolean})],Xt.prototype,"removable",2);var Sa=U`
  :host {
    display: block;
  }

  /** The popup */
  .select {
    flex: 1 1 auto;
    display: inline-flex;
    width: 100%;
    position: relative;
    vertical-align: middle;
  }

  .select::part(popup) {
    z-index: var(--sl-z-index-dropdown);
  }

  .select[data-current-placement^='top']::part(popup) {
    transform-origin: bottom;
  }

  .select[data-current-placement^='bottom']::part(popup) {
    transform-origin: top;
  }

  /* Combobox */
  .select__combobox {
    flex: 1;
    display: flex;
    width: 100%;
    min-width: 0;
    position: relative;
    align-items: center;
    justify-content: start;
    font-family: var(--sl-input-font-family);
    font-weight: var(--sl-input-font-weight);
    letter-spacing: var(--sl-input-letter-spacing);
    vertical-align: middle;
    overflow: hidden;
    cursor: pointer;
    transition:
      var(--sl-transition-fast) color,
      var(--sl-transition-fast) border,
      var(--sl-transition-fast) box-shadow,
      var(--sl-transition-fast) background-color;
  }

  .select__display-input {
    position: relative;
    width: 100%;
    font: inherit;
    border: none;
    background: none;
    color: var(--sl-input-color);
    cursor: inherit;
    overflow: hidden;
    padding: 0;
    margin: 0;
    -webkit-appearance: none;
  }

  .select__display-input::placeholder {
    color: var(--sl-input-placeholder-color);
  }

  .select:not(.select--disabled):hover .select__display-input {
    color: var(--sl-input-color-hover);
  }

  .select__display-input:focus {
    outline: none;
  }

  /* Visually hide the display input when multiple is enabled */
  .select--multiple:not(.select--placeholder-visible) .select__display-input {
    position: absolute;
    z-index: -1;
    top: 0;
    left: 0;
    width: 100%;
    height: 100%;
    opacity: 0;
  }

  .select__value-input {
    position: absolute;
    top: 0;
    left: 0;
    width: 100%;
    height: 100%;
    padding: 0;
    margin: 0;
    opacity: 0;
    z-index: -1;
  }

  .select__tags {
    display: flex;
    flex: 1;
    align-items: center;
    flex-wrap: wrap;
    margin-inline-start: var(--sl-spacing-2x-small);
  }

  .select__tags::slotted(sl-tag) {
    cursor: pointer !important;
  }

  .select--disabled .select__tags,
  .select--disabled .select__tags::slotted(sl-tag) {
    cursor: not-allowed !important;
  }

  /* Standard selects */
  .select--standard .select__combobox {
    background-color: var(--sl-input-background-color);
    border: solid var(--sl-input-border-width) var(--sl-input-border-color);
  }

  .select--standard.select--disabled .select__combobox {
    background-color: var(--sl-input-background-color-disabled);
    border-color: var(--sl-input-border-color-disabled);
    color: var(--sl-input-color-disabled);
    opacity: 0.5;
    cursor: not-allowed;
    outline: none;
  }

  .select--standard:not(.select--disabled).select--open .select__combobox,
  .select--standard:not(.select--disabled).select--focused .select__combobox {
    background-color: var(--sl-input-background-color-focus);
    border-color: var(--sl-input-border-color-focus);
    box-shadow: 0 0 0 var(--sl-focus-ring-width) var(--sl-input-focus-ring-color);
  }

  /* Filled selects */
  .select--filled .select__combobox {
    border: none;
    background-color: var(--sl-input-filled-background-color);
    color: var(--sl-input-color);
  }

  .select--filled:hover:not(.select--disabled) .select__combobox {
    background-color: var(--sl-input-filled-background-color-hover);
  }

  .select--filled.select--disabled .select__combobox {
    background-color: var(--sl-input-filled-background-color-disabled);
    opacity: 0.5;
    cursor: not-allowed;
  }

  .select--filled:not(.select--disabled).select--open .select__combobox,
  .select--filled:not(.select--disabled).select--focused .select__combobox {
    background-color: var(--sl-input-filled-background-color-focus);
    outline: var(--sl-focus-ring);
  }

  /* Sizes */
  .select--small .select__combobox {
    border-radius: var(--sl-input-border-radius-small);
    font-size: var(--sl-input-font-size-small);
    min-height: var(--sl-input-height-small);
    padding-block: 0;
    padding-inline: var(--sl-input-spacing-small);
  }

  .select--small .select__clear {
    margin-inline-start: var(--sl-input-spacing-small);
  }

  .select--small .select__prefix::slotted(*) {
    margin-inline-end: var(--sl-input-spacing-small);
  }

  .select--small.select--multiple:not(.select--placeholder-visible) .select__prefix::slotted(*) {
    margin-inline-start: var(--sl-input-spacing-small);
  }

  .select--small.select--multiple:not(.select--placeholder-visible) .select__combobox {
    padding-block: 2px;
    padding-inline-start: 0;
  }

  .select--small .select__tags {
    gap: 2px;
  }

  .select--medium .select__combobox {
    border-radius: var(--sl-input-border-radius-medium);
    font-size: var(--sl-input-font-size-medium);
    min-height: var(--sl-input-height-medium);
    padding-block: 0;
    padding-inline: var(--sl-input-spacing-medium);
  }

  .select--medium .select__clear {
    margin-inline-start: var(--sl-input-spacing-medium);
  }

  .select--medium .select__prefix::slotted(*) {
    margin-inline-end: var(--sl-input-spacing-medium);
  }

  .select--medium.select--multiple:not(.select--placeholder-visible) .select__prefix::slotted(*) {
    margin-inline-start: var(--sl-input-spacing-medium);
  }

  .select--medium.select--multiple:not(.select--placeholder-visible) .select__combobox {
    padding-inline-start: 0;
    padding-block: 3px;
  }

  .select--medium .select__tags {
    gap: 3px;
  }

  .select--large .select__combobox {
    border-radius: var(--sl-input-border-radius-large);
    font-size: var(--sl-input-font-size-large);
    min-height: var(--sl-input-height-large);
    padding-block: 0;
    padding-inline: var(--sl-input-spacing-large);
  }

  .select--large .select__clear {
    margin-inline-start: var(--sl-input-spacing-large);
  }

  .select--large .select__prefix::slotted(*) {
    margin-inline-end: var(--sl-input-spacing-large);
  }

  .select--large.select--multiple:not(.select--placeholder-visible) .select__prefix::slotted(*) {
    margin-inline-start: var(--sl-input-spacing-large);
  }

  .select--large.select--multiple:not(.select--placeholder-visible) .select__combobox {
    padding-inline-start: 0;
    padding-block: 4px;
  }

  .select--large .select__tags {
    gap: 4px;
  }

  /* Pills */
  .select--pill.select--small .select__combobox {
    border-radius: var(--sl-input-height-small);
  }

  .select--pill.select--medium .select__combobox {
    border-radius: var(--sl-input-height-medium);
  }

  .select--pill.select--large .select__combobox {
    border-radius: var(--sl-input-height-large);
  }

  /* Prefix and Suffix */
  .select__prefix,
  .select__suffix {
    flex: 0;
    display: inline-flex;
    align-items: center;
    color: var(--sl-input-placeholder-color);
  }

  .select__suffix::slotted(*) {
    margin-inline-start: var(--sl-spacing-small);
  }

  /* Clear button */
  .select__clear {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    font-size: inherit;
    color: var(--sl-input-icon-color);
    border: none;
    background: none;
    padding: 0;
    transition: var(--sl-transition-fast) color;
    cursor: pointer;
  }

  .select__clear:hover {
    color: var(--sl-input-icon-color-hover);
  }

  .select__clear:focus {
    outline: none;
  }

  /* Expand icon */
  .select__expand-icon {
    flex: 0 0 auto;
    display: flex;
    align-items: center;
    transition: var(--sl-transition-medium) rotate ease;
    rotate: 0;
    margin-inline-start: var(--sl-spacing-small);
  }

  .select--open .select__expand-icon {
    rotate: -180deg;
  }

  /* Listbox */
  .select__listbox {
    display: block;
    position: relative;
    font-family: var(--sl-font-sans);
    font-size: var(--sl-font-size-medium);
    font-weight: var(--sl-font-weight-normal);
    box-shadow: var(--sl-shadow-large);
    background: var(--sl-panel-background-color);
    border: solid var(--sl-panel-border-width) var(--sl-panel-border-color);
    border-radius: var(--sl-border-radius-medium);
    padding-block: var(--sl-spacing-x-small);
    padding-inline: 0;
    overflow: auto;
    overscroll-behavior: none;

    /* Make sure it adheres to the popup's auto size */
    max-width: var(--auto-size-available-width);
    max-height: var(--auto-size-available-height);
  }

  .select__listbox ::slotted(sl-divider) {
    --spacing: var(--sl-spacing-x-small);
  }

  .select__listbox ::slotted(small) {
    display: block;
    font-size: var(--sl-font-size-small);
    font-weight: var(--sl-font-weight-semibold);
    color: var(--sl-color-neutral-500);
    padding-block: var(--sl-spacing-2x-small);
    padding-inline: var(--sl-spacing-x-large);
  }
`;class gs extends Ve{constructor(t){if(super(t),this.it=L,t.type!==At.CHILD)throw Error(this.constructor.directiveName+"() can only be used in child bindings")}render(t){if(t===L||t==null)return this._t=void 0,this.it=t;if(t===rt)return t;if(typeof t!="string")throw Error(this.constructor.directiveName+"() called with a non-string value");if(t===this.it)return this._t;this.it=t;const s=[t];return s.raw=s,this._t={_$litType$:this.constructor.resultType,strings:s,values:[]}}}gs.directiveName="unsafeHTML",gs.resultType=1;const Aa=Ue(gs);var C=class extends M{constructor(){super(...arguments),this.formControlController=new ke(this,{assumeInteractionOn:["sl-blur","sl-input"]}),this.hasSlotController=new It(this,"help-text","label"),this.localize=new at(this),this.typeToSelectString="",this.hasFocus=!1,this.displayLabel="",this.selectedOptions=[],this.valueHasChanged=!1,this.name="",this._value="",this.defaultValue="",this.size="medium",this.placeholder="",this.multiple=!1,this.maxOptionsVisible=3,this.disabled=!1,this.clearable=!1,this.open=!1,this.hoist=!1,this.filled=!1,this.pill=!1,this.label="",this.placement="bottom",this.helpText="",this.form="",this.required=!1,this.getTag=e=>n`
      <sl-tag
        part="tag"
        exportparts="
              base:tag__base,
              content:tag__content,
              remove-button:tag__remove-button,
              remove-button__base:tag__remove-button__base
            "
        ?pill=${this.pill}
        size=${this.size}
        removable
        @sl-remove=${t=>this.handleTagRemove(t,e)}
      >
        ${e.getTextLabel()}
      </sl-tag>
    `,this.handleDocumentFocusIn=e=>{const t=e.composedPath();this&&!t.includes(this)&&this.hide()},this.handleDocumentKeyDown=e=>{const t=e.target,s=t.closest(".select__clear")!==null,i=t.closest("sl-icon-button")!==null;if(!(s||i)){if(e.key==="Escape"&&this.open&&!this.closeWatcher&&(e.preventDefault(),e.stopPropagation(),this.hide(),this.displayInput.focus({preventScroll:!0})),e.key==="Enter"||e.key===" "&&this.typeToSelectString===""){if(e.preventDefault(),e.stopImmediatePropagation(),!this.open){this.show();return}this.currentOption&&!this.currentOption.disabled&&(this.valueHasChanged=!0,this.multiple?this.toggleOptionSelection(this.currentOption):this.setSelectedOptions(this.currentOption),this.updateComplete.then(()=>{this.emit("sl-input"),this.emit("sl-change")}),this.multiple||(this.hide(),this.displayInput.focus({preventScroll:!0})));return}if(["ArrowUp","ArrowDown","Home","End"].includes(e.key)){const o=this.getAllOptions(),r=o.indexOf(this.currentOption);let a=Math.max(0,r);if(e.preventDefault(),!this.open&&(this.show(),this.currentOption))return;e.key==="ArrowDown"?(a=r+1,a>o.length-1&&(a=0)):e.key==="ArrowUp"?(a=r-1,a<0&&(a=o.length-1)):e.key==="Home"?a=0:e.key==="End"&&(a=o.length-1),this.setCurrentOption(o[a])}if(e.key&&e.key.length===1||e.key==="Backspace"){const o=this.getAllOptions();if(e.metaKey||e.ctrlKey||e.altKey)return;if(!this.open){if(e.key==="Backspace")return;this.show()}e.stopPropagation(),e.preventDefault(),clearTimeout(this.typeToSelectTimeout),this.typeToSelectTimeout=window.setTimeout(()=>this.typeToSelectString="",1e3),e.key==="Backspace"?this.typeToSelectString=this.typeToSelectString.slice(0,-1):this.typeToSelectString+=e.key.toLowerCase();for(const r of o)if(r.getTextLabel().toLowerCase().startsWith(this.typeToSelectString)){this.setCurrentOption(r);break}}}},this.handleDocumentMouseDown=e=>{const t=e.composedPath();this&&!t.includes(this)&&this.hide()}}get value(){return this._value}set value(e){this.multiple?e=Array.isArray(e)?e:e.split(" "):e=Array.isArray(e)?e.join(" "):e,this._value!==e&&(this.valueHasChanged=!0,this._value=e)}get validity(){return this.valueInput.validity}get validationMessage(){return this.valueInput.validationMessage}connectedCallback(){super.connectedCallback(),setTimeout(()=>{this.handleDefaultSlotChange()}),this.open=!1}addOpenListeners(){var e;document.addEventListener("focusin",this.handleDocumentFocusIn),document.addEventListener("keydown",this.handleDocumentKeyDown),document.addEventListener("mousedown",this.handleDocumentMouseDown),this.getRootNode()!==document&&this.getRootNode().addEventListener("focusin",this.handleDocumentFocusIn),"CloseWatcher"in window&&((e=this.closeWatcher)==null||e.destroy(),this.closeWatcher=new CloseWatcher,this.closeWatcher.onclose=()=>{this.open&&(this.hide(),this.displayInput.focus({preventScroll:!0}))})}removeOpenListeners(){var e;document.removeEventListener("focusin",this.handleDocumentFocusIn),document.removeEventListener("keydown",this.handleDocumentKeyDown),document.removeEventListener("mousedown",this.handleDocumentMouseDown),this.getRootNode()!==document&&this.getRootNode().removeEventListener("focusin",this.handleDocumentFocusIn),(e=this.closeWatcher)==null||e.destroy()}handleFocus(){this.hasFocus=!0,this.displayInput.setSelectionRange(0,0),this.emit("sl-focus")}handleBlur(){this.hasFocus=!1,this.emit("sl-blur")}handleLabelClick(){this.displayInput.focus()}handleComboboxMouseDown(e){const s=e.composedPath().some(i=>i instanceof Element&&i.tagName.toLowerCase()==="sl-icon-button");this.disabled||s||(e.preventDefault(),this.displayInput.focus({preventScroll:!0}),this.open=!this.open)}handleComboboxKeyDown(e){e.key!=="Tab"&&(e.stopPropagation(),this.handleDocumentKeyDown(e))}handleClearClick(e){e.stopPropagation(),this.valueHasChanged=!0,this.value!==""&&(this.setSelectedOptions([]),this.displayInput.focus({preventScroll:!0}),this.updateComplete.then(()=>{this.emit("sl-clear"),this.emit("sl-input"),this.emit("sl-change")}))}handleClearMouseDown(e){e.stopPropagation(),e.preventDefault()}handleOptionClick(e){const s=e.target.closest("sl-option"),i=this.value;s&&!s.disabled&&(this.valueHasChanged=!0,this.multiple?this.toggleOptionSelection(s):this.setSelectedOptions(s),this.updateComplete.then(()=>this.displayInput.focus({preventScroll:!0})),this.value!==i&&this.updateComplete.then(()=>{this.emit("sl-input"),this.emit("sl-change")}),this.multiple||(this.hide(),this.displayInput.focus({preventScroll:!0})))}handleDefaultSlotChange(){customElements.get("sl-option")||customElements.whenDefined("sl-option").then(()=>this.handleDefaultSlotChange());const e=this.getAllOptions(),t=this.valueHasChanged?this.value:this.defaultValue,s=Array.isArray(t)?t:[t],i=[];e.forEach(o=>i.push(o.value)),this.setSelectedOptions(e.filter(o=>s.includes(o.value)))}handleTagRemove(e,t){e.stopPropagation(),this.valueHasChanged=!0,this.disabled||(this.toggleOptionSelection(t,!1),this.updateComplete.then(()=>{this.emit("sl-input"),this.emit("sl-change")}))}getAllOptions(){return[...this.querySelectorAll("sl-option")]}getFirstOption(){return this.querySelector("sl-option")}setCurrentOption(e){this.getAllOptions().forEach(s=>{s.current=!1,s.tabIndex=-1}),e&&(this.currentOption=e,e.current=!0,e.tabIndex=0,e.focus())}setSelectedOptions(e){const t=this.getAllOptions(),s=Array.isArray(e)?e:[e];t.forEach(i=>i.selected=!1),s.length&&s.forEach(i=>i.selected=!0),this.selectionChanged()}toggleOptionSelection(e,t){t===!0||t===!1?e.selected=t:e.selected=!e.selected,this.selectionChanged()}selectionChanged(){var e,t,s;const i=this.getAllOptions();this.selectedOptions=i.filter(r=>r.selected);const o=this.valueHasChanged;if(this.multiple)this.value=this.selectedOptions.map(r=>r.value),this.placeholder&&this.value.length===0?this.displayLabel="":this.displayLabel=this.localize.term("numOptionsSelected",this.selectedOptions.length);else{const r=this.selectedOptions[0];this.value=(e=r?.value)!=null?e:"",this.displayLabel=(s=(t=r?.getTextLabel)==null?void 0:t.call(r))!=null?s:""}this.valueHasChanged=o,this.updateComplete.then(()=>{this.formControlController.updateValidity()})}get tags(){return this.selectedOptions.map((e,t)=>{if(t<this.maxOptionsVisible||this.maxOptionsVisible<=0){const s=this.getTag(e,t);return n`<div @sl-remove=${i=>this.handleTagRemove(i,e)}>
          ${typeof s=="string"?Aa(s):s}
        </div>`}else if(t===this.maxOptionsVisible)return n`<sl-tag size=${this.size}>+${this.selectedOptions.length-t}</sl-tag>`;return n``})}handleInvalid(e){this.formControlController.setValidity(!1),this.formControlController.emitInvalidEvent(e)}handleDisabledChange(){this.disabled&&(this.open=!1,this.handleOpenChange())}attributeChangedCallback(e,t,s){if(super.attributeChangedCallback(e,t,s),e==="value"){const i=this.valueHasChanged;this.value=this.defaultValue,this.valueHasChanged=i}}handleValueChange(){if(!this.valueHasChanged){const s=this.valueHasChanged;this.value=this.defaultValue,this.valueHasChanged=s}const e=this.getAllOptions(),t=Array.isArray(this.value)?this.value:[this.value];this.setSelectedOptions(e.filter(s=>t.includes(s.value)))}async handleOpenChange(){if(this.open&&!this.disabled){this.setCurrentOption(this.selectedOptions[0]||this.getFirstOption()),this.emit("sl-show"),this.addOpenListeners(),await ft(this),this.listbox.hidden=!1,this.popup.active=!0,requestAnimationFrame(()=>{this.setCurrentOption(this.currentOption)});const{keyframes:e,options:t}=et(this,"select.show",{dir:this.localize.dir()});await ht(this.popup.popup,e,t),this.currentOption&&wa(this.currentOption,this.listbox,"vertical","auto"),this.emit("sl-after-show")}else{this.emit("sl-hide"),this.removeOpenListeners(),await ft(this);const{keyframes:e,options:t}=et(this,"select.hide",{dir:this.localize.dir()});await ht(this.popup.popup,e,t),this.listbox.hidden=!0,this.popup.active=!1,this.emit("sl-after-hide")}}async show(){if(this.open||this.disabled){this.open=!1;return}return this.open=!0,Tt(this,"sl-after-show")}async hide(){if(!this.open||this.disabled){this.open=!1;return}return this.open=!1,Tt(this,"sl-after-hide")}checkValidity(){return this.valueInput.checkValidity()}getForm(){return this.formControlController.getForm()}reportValidity(){return this.valueInput.reportValidity()}setCustomValidity(e){this.valueInput.setCustomValidity(e),this.formControlController.updateValidity()}focus(e){this.displayInput.focus(e)}blur(){this.displayInput.blur()}render(){const e=this.hasSlotController.test("label"),t=this.hasSlotController.test("help-text"),s=this.label?!0:!!e,i=this.helpText?!0:!!t,o=this.clearable&&!this.disabled&&this.value.length>0,r=this.placeholder&&this.value&&this.value.length<=0;return n`
      <div
        part="form-control"
        class=${q({"form-control":!0,"form-control--small":this.size==="small","form-control--medium":this.size==="medium","form-control--large":this.size==="large","form-control--has-label":s,"form-control--has-help-text":i})}
      >
        <label
          id="label"
          part="form-control-label"
          class="form-control__label"
          aria-hidden=${s?"false":"true"}
          @click=${this.handleLabelClick}
        >
          <slot name="label">${this.label}</slot>
        </label>

        <div part="form-control-input" class="form-control-input">
          <sl-popup
            class=${q({select:!0,"select--standard":!0,"select--filled":this.filled,"select--pill":this.pill,"select--open":this.open,"select--disabled":this.disabled,"select--multiple":this.multiple,"select--focused":this.hasFocus,"select--placeholder-visible":r,"select--top":this.placement==="top","select--bottom":this.placement==="bottom","select--small":this.size==="small","select--medium":this.size==="medium","select--large":this.size==="large"})}
            placement=${this.placement}
            strategy=${this.hoist?"fixed":"absolute"}
            flip
            shift
            sync="width"
            auto-size="vertical"
            auto-size-padding="10"
          >
            <div
              part="combobox"
              class="select__combobox"
              slot="anchor"
              @keydown=${this.handleComboboxKeyDown}
              @mousedown=${this.handleComboboxMouseDown}
            >
              <slot part="prefix" name="prefix" class="select__prefix"></slot>

              <input
                part="display-input"
                class="select__display-input"
                type="text"
                placeholder=${this.placeholder}
                .disabled=${this.disabled}
                .value=${this.displayLabel}
                autocomplete="off"
                spellcheck="false"
                autocapitalize="off"
                readonly
                aria-controls="listbox"
                aria-expanded=${this.open?"true":"false"}
                aria-haspopup="listbox"
                aria-labelledby="label"
                aria-disabled=${this.disabled?"true":"false"}
                aria-describedby="help-text"
                role="combobox"
                tabindex="0"
                @focus=${this.handleFocus}
                @blur=${this.handleBlur}
              />

              ${this.multiple?n`<div part="tags" class="select__tags">${this.tags}</div>`:""}

              <input
                class="select__value-input"
                type="text"
                ?disabled=${this.disabled}
                ?required=${this.required}
                .value=${Array.isArray(this.value)?this.value.join(", "):this.value}
                tabindex="-1"
                aria-hidden="true"
                @focus=${()=>this.focus()}
                @invalid=${this.handleInvalid}
              />

              ${o?n`
                    <button
                      part="clear-button"
                      class="select__clear"
                      type="button"
                      aria-label=${this.localize.term("clearEntry")}
                      @mousedown=${this.handleClearMouseDown}
                      @click=${this.handleClearClick}
                      tabindex="-1"
                    >
                      <slot name="clear-icon">
                        <sl-icon name="x-circle-fill" library="system"></sl-icon>
                      </slot>
                    </button>
                  `:""}

              <slot name="suffix" part="suffix" class="select__suffix"></slot>

              <slot name="expand-icon" part="expand-icon" class="select__expand-icon">
                <sl-icon library="system" name="chevron-down"></sl-icon>
              </slot>
            </div>

            <div
              id="listbox"
              role="listbox"
              aria-expanded=${this.open?"true":"false"}
              aria-multiselectable=${this.multiple?"true":"false"}
              aria-labelledby="label"
              part="listbox"
              class="select__listbox"
              tabindex="-1"
              @mouseup=${this.handleOptionClick}
              @slotchange=${this.handleDefaultSlotChange}
            >
              <slot></slot>
            </div>
          </sl-popup>
        </div>

        <div
          part="form-control-help-text"
          id="help-text"
          class="form-control__help-text"
          aria-hidden=${i?"false":"true"}
        >
          <slot name="help-text">${this.helpText}</slot>
        </div>
      </div>
    `}};C.styles=[W,Ge,Sa];C.dependencies={"sl-icon":tt,"sl-popup":O,"sl-tag":Xt};l([P(".select")],C.prototype,"popup",2);l([P(".select__combobox")],C.prototype,"combobox",2);l([P(".select__display-input")],C.prototype,"displayInput",2);l([P(".select__value-input")],C.prototype,"valueInput",2);l([P(".select__listbox")],C.prototype,"listbox",2);l([F()],C.prototype,"hasFocus",2);l([F()],C.prototype,"displayLabel",2);l([F()],C.prototype,"currentOption",2);l([F()],C.prototype,"selectedOptions",2);l([F()],C.prototype,"valueHasChanged",2);l([c()],C.prototype,"name",2);l([F()],C.prototype,"value",1);l([c({attribute:"value"})],C.prototype,"defaultValue",2);l([c({reflect:!0})],C.prototype,"size",2);l([c()],C.prototype,"placeholder",2);l([c({type:Boolean,reflect:!0})],C.prototype,"multiple",2);l([c({attribute:"max-options-visible",type:Number})],C.prototype,"maxOptionsVisible",2);l([c({type:Boolean,reflect:!0})],C.prototype,"disabled",2);l([c({type:Boolean})],C.prototype,"clearable",2);l([c({type:Boolean,reflect:!0})],C.prototype,"open",2);l([c({type:Boolean})],C.prototype,"hoist",2);l([c({type:Boolean,reflect:!0})],C.prototype,"filled",2);l([c({type:Boolean,reflect:!0})],C.prototype,"pill",2);l([c()],C.prototype,"label",2);l([c({reflect:!0})],C.prototype,"placement",2);l([c({attribute:"help-text"})],C.prototype,"helpText",2);l([c({reflect:!0})],C.prototype,"form",2);l([c({type:Boolean,reflect:!0})],C.prototype,"required",2);l([c()],C.prototype,"getTag",2);l([R("disabled",{waitUntilFirstUpdate:!0})],C.prototype,"handleDisabledChange",1);l([R(["defaultValue","value"],{waitUntilFirstUpdate:!0})],C.prototype,"handleValueChange",1);l([R("open",{waitUntilFirstUpdate:!0})],C.prototype,"handleOpenChange",1);st("select.show",{keyframes:[{opacity:0,scale:.9},{opacity:1,scale:1}],options:{duration:100,easing:"ease"}});st("select.hide",{keyframes:[{opacity:1,scale:1},{opacity:0,scale:.9}],options:{duration:100,easing:"ease"}});C.define("sl-select");Is.define("sl-spinner");var Ea=U`
  :host {
    display: inline-block;
  }

  :host([size='small']) {
    --height: var(--sl-toggle-size-small);
    --thumb-size: calc(var(--sl-toggle-size-small) + 4px);
    --width: calc(var(--height) * 2);

    font-size: var(--sl-input-font-size-small);
  }

  :host([size='medium']) {
    --height: var(--sl-toggle-size-medium);
    --thumb-size: calc(var(--sl-toggle-size-medium) + 4px);
    --width: calc(var(--height) * 2);

    font-size: var(--sl-input-font-size-medium);
  }

  :host([size='large']) {
    --height: var(--sl-toggle-size-large);
    --thumb-size: calc(var(--sl-toggle-size-large) + 4px);
    --width: calc(var(--height) * 2);

    font-size: var(--sl-input-font-size-large);
  }

  .switch {
    position: relative;
    display: inline-flex;
    align-items: center;
    font-family: var(--sl-input-font-family);
    font-size: inherit;
    font-weight: var(--sl-input-font-weight);
    color: var(--sl-input-label-color);
    vertical-align: middle;
    cursor: pointer;
  }

  .switch__control {
    flex: 0 0 auto;
    position: relative;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: var(--width);
    height: var(--height);
    background-color: var(--sl-color-neutral-400);
    border: solid var(--sl-input-border-width) var(--sl-color-neutral-400);
    border-radius: var(--height);
    transition:
      var(--sl-transition-fast) border-color,
      var(--sl-transition-fast) background-color;
  }

  .switch__control .switch__thumb {
    width: var(--thumb-size);
    height: var(--thumb-size);
    background-color: var(--sl-color-neutral-0);
    border-radius: 50%;
    border: solid var(--sl-input-border-width) var(--sl-color-neutral-400);
    translate: calc((var(--width) - var(--height)) / -2);
    transition:
      var(--sl-transition-fast) translate ease,
      var(--sl-transition-fast) background-color,
      var(--sl-transition-fast) border-color,
      var(--sl-transition-fast) box-shadow;
  }

  .switch__input {
    position: absolute;
    opacity: 0;
    padding: 0;
    margin: 0;
    pointer-events: none;
  }

  /* Hover */
  .switch:not(.switch--checked):not(.switch--disabled) .switch__control:hover {
    background-color: var(--sl-color-neutral-400);
    border-color: var(--sl-color-neutral-400);
  }

  .switch:not(.switch--checked):not(.switch--disabled) .switch__control:hover .switch__thumb {
    background-color: var(--sl-color-neutral-0);
    border-color: var(--sl-color-neutral-400);
  }

  /* Focus */
  .switch:not(.switch--checked):not(.switch--disabled) .switch__input:focus-visible ~ .switch__control {
    background-color: var(--sl-color-neutral-400);
    border-color: var(--sl-color-neutral-400);
  }

  .switch:not(.switch--checked):not(.switch--disabled) .switch__input:focus-visible ~ .switch__control .switch__thumb {
    background-color: var(--sl-color-neutral-0);
    border-color: var(--sl-color-primary-600);
    outline: var(--sl-focus-ring);
    outline-offset: var(--sl-focus-ring-offset);
  }

  /* Checked */
  .switch--checked .switch__control {
    background-color: var(--sl-color-primary-600);
    border-color: var(--sl-color-primary-600);
  }

  .switch--checked .switch__control .switch__thumb {
    background-color: var(--sl-color-neutral-0);
    border-color: var(--sl-color-primary-600);
    translate: calc((var(--width) - var(--height)) / 2);
  }

  /* Checked + hover */
  .switch.switch--checked:not(.switch--disabled) .switch__control:hover {
    background-color: var(--sl-color-primary-600);
    border-color: var(--sl-color-primary-600);
  }

  .switch.switch--checked:not(.switch--disabled) .switch__control:hover .switch__thumb {
    background-color: var(--sl-color-neutral-0);
    border-color: var(--sl-color-primary-600);
  }

  /* Checked + focus */
  .switch.switch--checked:not(.switch--disabled) .switch__input:focus-visible ~ .switch__control {
    background-color: var(--sl-color-primary-600);
    border-color: var(--sl-color-primary-600);
  }

  .switch.switch--checked:not(.switch--disabled) .switch__input:focus-visible ~ .switch__control .switch__thumb {
    background-color: var(--sl-color-neutral-0);
    border-color: var(--sl-color-primary-600);
    outline: var(--sl-focus-ring);
    outline-offset: var(--sl-focus-ring-offset);
  }

  /* Disabled */
  .switch--disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }

  .switch__label {
    display: inline-block;
    line-height: var(--height);
    margin-inline-start: 0.5em;
    user-select: none;
    -webkit-user-select: none;
  }

  :host([required]) .switch__label::after {
    content: var(--sl-input-required-content);
    color: var(--sl-input-required-content-color);
    margin-inline-start: var(--sl-input-required-content-offset);
  }

  @media (forced-colors: active) {
    .switch.switch--checked:not(.switch--disabled) .switch__control:hover .switch__thumb,
    .switch--checked .switch__control .switch__thumb {
      background-color: ButtonText;
    }
  }
`,Y=class extends M{constructor(){super(...arguments),this.formControlController=new ke(this,{value:e=>e.checked?e.value||"on":void 0,defaultValue:e=>e.defaultChecked,setValue:(e,t)=>e.checked=t}),this.hasSlotController=new It(this,"help-text"),this.hasFocus=!1,this.title="",this.name="",this.size="medium",this.disabled=!1,this.checked=!1,this.defaultChecked=!1,this.form="",this.required=!1,this.helpText=""}get validity(){return this.input.validity}get validationMessage(){return this.input.validationMessage}firstUpdated(){this.formControlController.updateValidity()}handleBlur(){this.hasFocus=!1,this.emit("sl-blur")}handleInput(){this.emit("sl-input")}handleInvalid(e){this.formControlController.setValidity(!1),this.formControlController.emitInvalidEvent(e)}handleClick(){this.checked=!this.checked,this.emit("sl-change")}handleFocus(){this.hasFocus=!0,this.emit("sl-focus")}handleKeyDown(e){e.key==="ArrowLeft"&&(e.preventDefault(),this.checked=!1,this.emit("sl-change"),this.emit("sl-input")),e.key==="ArrowRight"&&(e.preventDefault(),this.checked=!0,this.emit("sl-change"),this.emit("sl-input"))}handleCheckedChange(){this.input.checked=this.checked,this.formControlController.updateValidity()}handleDisabledChange(){this.formControlController.setValidity(!0)}click(){this.input.click()}focus(e){this.input.focus(e)}blur(){this.input.blur()}checkValidity(){return this.input.checkValidity()}getForm(){return this.formControlController.getForm()}reportValidity(){return this.input.reportValidity()}setCustomValidity(e){this.input.setCustomValidity(e),this.formControlController.updateValidity()}render(){const e=this.hasSlotController.test("help-text"),t=this.helpText?!0:!!e;return n`
      <div
        class=${q({"form-control":!0,"form-control--small":this.size==="small","form-control--medium":this.size==="medium","form-control--large":this.size==="large","form-control--has-help-text":t})}
      >
        <label
          part="base"
          class=${q({switch:!0,"switch--checked":this.checked,"switch--disabled":this.disabled,"switch--focused":this.hasFocus,"switch--small":this.size==="small","switch--medium":this.size==="medium","switch--large":this.size==="large"})}
        >
          <input
            class="switch__input"
            type="checkbox"
            title=${this.title}
            name=${this.name}
            value=${w(this.value)}
            .checked=${qs(this.checked)}
            .disabled=${this.disabled}
            .required=${this.required}
            role="switch"
            aria-checked=${this.checked?"true":"false"}
            aria-describedby="help-text"
            @click=${this.handleClick}
            @input=${this.handleInput}
            @invalid=${this.handleInvalid}
            @blur=${this.handleBlur}
            @focus=${this.handleFocus}
            @keydown=${this.handleKeyDown}
          />

          <span part="control" class="switch__control">
            <span part="thumb" class="switch__thumb"></span>
          </span>

          <div part="label" class="switch__label">
            <slot></slot>
          </div>
        </label>

        <div
          aria-hidden=${t?"false":"true"}
          class="form-control__help-text"
          id="help-text"
          part="form-control-help-text"
        >
          <slot name="help-text">${this.helpText}</slot>
        </div>
      </div>
    `}};Y.styles=[W,Ge,Ea];l([P('input[type="checkbox"]')],Y.prototype,"input",2);l([F()],Y.prototype,"hasFocus",2);l([c()],Y.prototype,"title",2);l([c()],Y.prototype,"name",2);l([c()],Y.prototype,"value",2);l([c({reflect:!0})],Y.prototype,"size",2);l([c({type:Boolean,reflect:!0})],Y.prototype,"disabled",2);l([c({type:Boolean,reflect:!0})],Y.prototype,"checked",2);l([Bs("checked")],Y.prototype,"defaultChecked",2);l([c({reflect:!0})],Y.prototype,"form",2);l([c({type:Boolean,reflect:!0})],Y.prototype,"required",2);l([c({attribute:"help-text"})],Y.prototype,"helpText",2);l([R("checked",{waitUntilFirstUpdate:!0})],Y.prototype,"handleCheckedChange",1);l([R("disabled",{waitUntilFirstUpdate:!0})],Y.prototype,"handleDisabledChange",1);Y.define("sl-switch");var Ta=U`
  :host {
    display: block;
  }

  .textarea {
    display: grid;
    align-items: center;
    position: relative;
    width: 100%;
    font-family: var(--sl-input-font-family);
    font-weight: var(--sl-input-font-weight);
    line-height: var(--sl-line-height-normal);
    letter-spacing: var(--sl-input-letter-spacing);
    vertical-align: middle;
    transition:
      var(--sl-transition-fast) color,
      var(--sl-transition-fast) border,
      var(--sl-transition-fast) box-shadow,
      var(--sl-transition-fast) background-color;
    cursor: text;
  }

  /* Standard textareas */
  .textarea--standard {
    background-color: var(--sl-input-background-color);
    border: solid var(--sl-input-border-width) var(--sl-input-border-color);
  }

  .textarea--standard:hover:not(.textarea--disabled) {
    background-color: var(--sl-input-background-color-hover);
    border-color: var(--sl-input-border-color-hover);
  }
  .textarea--standard:hover:not(.textarea--disabled) .textarea__control {
    color: var(--sl-input-color-hover);
  }

  .textarea--standard.textarea--focused:not(.textarea--disabled) {
    background-color: var(--sl-input-background-color-focus);
    border-color: var(--sl-input-border-color-focus);
    color: var(--sl-input-color-focus);
    box-shadow: 0 0 0 var(--sl-focus-ring-width) var(--sl-input-focus-ring-color);
  }

  .textarea--standard.textarea--focused:not(.textarea--disabled) .textarea__control {
    color: var(--sl-input-color-focus);
  }

  .textarea--standard.textarea--disabled {
    background-color: var(--sl-input-background-color-disabled);
    border-color: var(--sl-input-border-color-disabled);
    opacity: 0.5;
    cursor: not-allowed;
  }

  .textarea__control,
  .textarea__size-adjuster {
    grid-area: 1 / 1 / 2 / 2;
  }

  .textarea__size-adjuster {
    visibility: hidden;
    pointer-events: none;
    opacity: 0;
  }

  .textarea--standard.textarea--disabled .textarea__control {
    color: var(--sl-input-color-disabled);
  }

  .textarea--standard.textarea--disabled .textarea__control::placeholder {
    color: var(--sl-input-placeholder-color-disabled);
  }

  /* Filled textareas */
  .textarea--filled {
    border: none;
    background-color: var(--sl-input-filled-background-color);
    color: var(--sl-input-color);
  }

  .textarea--filled:hover:not(.textarea--disabled) {
    background-color: var(--sl-input-filled-background-color-hover);
  }

  .textarea--filled.textarea--focused:not(.textarea--disabled) {
    background-color: var(--sl-input-filled-background-color-focus);
    outline: var(--sl-focus-ring);
    outline-offset: var(--sl-focus-ring-offset);
  }

  .textarea--filled.textarea--disabled {
    background-color: var(--sl-input-filled-background-color-disabled);
    opacity: 0.5;
    cursor: not-allowed;
  }

  .textarea__control {
    font-family: inherit;
    font-size: inherit;
    font-weight: inherit;
    line-height: 1.4;
    color: var(--sl-input-color);
    border: none;
    background: none;
    box-shadow: none;
    cursor: inherit;
    -webkit-appearance: none;
  }

  .textarea__control::-webkit-search-decoration,
  .textarea__control::-webkit-search-cancel-button,
  .textarea__control::-webkit-search-results-button,
  .textarea__control::-webkit-search-results-decoration {
    -webkit-appearance: none;
  }

  .textarea__control::placeholder {
    color: var(--sl-input-placeholder-color);
    user-select: none;
    -webkit-user-select: none;
  }

  .textarea__control:focus {
    outline: none;
  }

  /*
   * Size modifiers
   */

  .textarea--small {
    border-radius: var(--sl-input-border-radius-small);
    font-size: var(--sl-input-font-size-small);
  }

  .textarea--small .textarea__control {
    padding: 0.5em var(--sl-input-spacing-small);
  }

  .textarea--medium {
    border-radius: var(--sl-input-border-radius-medium);
    font-size: var(--sl-input-font-size-medium);
  }

  .textarea--medium .textarea__control {
    padding: 0.5em var(--sl-input-spacing-medium);
  }

  .textarea--large {
    border-radius: var(--sl-input-border-radius-large);
    font-size: var(--sl-input-font-size-large);
  }

  .textarea--large .textarea__control {
    padding: 0.5em var(--sl-input-spacing-large);
  }

  /*
   * Resize types
   */

  .textarea--resize-none .textarea__control {
    resize: none;
  }

  .textarea--resize-vertical .textarea__control {
    resize: vertical;
  }

  .textarea--resize-auto .textarea__control {
    height: auto;
    resize: none;
    overflow-y: hidden;
  }
`,A=class extends M{constructor(){super(...arguments),this.formControlController=new ke(this,{assumeInteractionOn:["sl-blur","sl-input"]}),this.hasSlotController=new It(this,"help-text","label"),this.hasFocus=!1,this.title="",this.name="",this.value="",this.size="medium",this.filled=!1,this.label="",this.helpText="",this.placeholder="",this.rows=4,this.resize="vertical",this.disabled=!1,this.readonly=!1,this.form="",this.required=!1,this.spellcheck=!0,this.defaultValue=""}get validity(){return this.input.validity}get validationMessage(){return this.input.validationMessage}connectedCallback(){super.connectedCallback(),this.resizeObserver=new ResizeObserver(()=>this.setTextareaHeight()),this.updateComplete.then(()=>{this.setTextareaHeight(),this.resizeObserver.observe(this.input)})}firstUpdated(){this.formControlController.updateValidity()}disconnectedCallback(){var e;super.disconnectedCallback(),this.input&&((e=this.resizeObserver)==null||e.unobserve(this.input))}handleBlur(){this.hasFocus=!1,this.emit("sl-blur")}handleChange(){this.value=this.input.value,this.setTextareaHeight(),this.emit("sl-change")}handleFocus(){this.hasFocus=!0,this.emit("sl-focus")}handleInput(){this.value=this.input.value,this.emit("sl-input")}handleInvalid(e){this.formControlController.setValidity(!1),this.formControlController.emitInvalidEvent(e)}setTextareaHeight(){this.resize==="auto"?(this.sizeAdjuster.style.height=`${this.input.clientHeight}px`,this.input.style.height="auto",this.input.style.height=`${this.input.scrollHeight}px`):this.input.style.height=""}handleDisabledChange(){this.formControlController.setValidity(this.disabled)}handleRowsChange(){this.setTextareaHeight()}async handleValueChange(){await this.updateComplete,this.formControlController.updateValidity(),this.setTextareaHeight()}focus(e){this.input.focus(e)}blur(){this.input.blur()}select(){this.input.select()}scrollPosition(e){if(e){typeof e.top=="number"&&(this.input.scrollTop=e.top),typeof e.left=="number"&&(this.input.scrollLeft=e.left);return}return{top:this.input.scrollTop,left:this.input.scrollTop}}setSelectionRange(e,t,s="none"){this.input.setSelectionRange(e,t,s)}setRangeText(e,t,s,i="preserve"){const o=t??this.input.selectionStart,r=s??this.input.selectionEnd;this.input.setRangeText(e,o,r,i),this.value!==this.input.value&&(this.value=this.input.value,this.setTextareaHeight())}checkValidity(){return this.input.checkValidity()}getForm(){return this.formControlController.getForm()}reportValidity(){return this.input.reportValidity()}setCustomValidity(e){this.input.setCustomValidity(e),this.formControlController.updateValidity()}render(){const e=this.hasSlotController.test("label"),t=this.hasSlotController.test("help-text"),s=this.label?!0:!!e,i=this.helpText?!0:!!t;return n`
      <div
        part="form-control"
        class=${q({"form-control":!0,"form-control--small":this.size==="small","form-control--medium":this.size==="medium","form-control--large":this.size==="large","form-control--has-label":s,"form-control--has-help-text":i})}
      >
        <label
          part="form-control-label"
          class="form-control__label"
          for="input"
          aria-hidden=${s?"false":"true"}
        >
          <slot name="label">${this.label}</slot>
        </label>

        <div part="form-control-input" class="form-control-input">
          <div
            part="base"
            class=${q({textarea:!0,"textarea--small":this.size==="small","textarea--medium":this.size==="medium","textarea--large":this.size==="large","textarea--standard":!this.filled,"textarea--filled":this.filled,"textarea--disabled":this.disabled,"textarea--focused":this.hasFocus,"textarea--empty":!this.value,"textarea--resize-none":this.resize==="none","textarea--resize-vertical":this.resize==="vertical","textarea--resize-auto":this.resize==="auto"})}
          >
            <textarea
              part="textarea"
              id="input"
              class="textarea__control"
              title=${this.title}
              name=${w(this.name)}
              .value=${qs(this.value)}
              ?disabled=${this.disabled}
              ?readonly=${this.readonly}
              ?required=${this.required}
              placeholder=${w(this.placeholder)}
              rows=${w(this.rows)}
              minlength=${w(this.minlength)}
              maxlength=${w(this.maxlength)}
              autocapitalize=${w(this.autocapitalize)}
              autocorrect=${w(this.autocorrect)}
              ?autofocus=${this.autofocus}
              spellcheck=${w(this.spellcheck)}
              enterkeyhint=${w(this.enterkeyhint)}
              inputmode=${w(this.inputmode)}
              aria-describedby="help-text"
              @change=${this.handleChange}
              @input=${this.handleInput}
              @invalid=${this.handleInvalid}
              @focus=${this.handleFocus}
              @blur=${this.handleBlur}
            ></textarea>
            <!-- This "adjuster" exists to prevent layout shifting. https://github.com/shoelace-style/shoelace/issues/2180 -->
            <div part="textarea-adjuster" class="textarea__size-adjuster" ?hidden=${this.resize!=="auto"}></div>
          </div>
        </div>

        <div
          part="form-control-help-text"
          id="help-text"
          class="form-control__help-text"
          aria-hidden=${i?"false":"true"}
        >
          <slot name="help-text">${this.helpText}</slot>
        </div>
      </div>
    `}};A.styles=[W,Ge,Ta];l([P(".textarea__control")],A.prototype,"input",2);l([P(".textarea__size-adjuster")],A.prototype,"sizeAdjuster",2);l([F()],A.prototype,"hasFocus",2);l([c()],A.prototype,"title",2);l([c()],A.prototype,"name",2);l([c()],A.prototype,"value",2);l([c({reflect:!0})],A.prototype,"size",2);l([c({type:Boolean,reflect:!0})],A.prototype,"filled",2);l([c()],A.prototype,"label",2);l([c({attribute:"help-text"})],A.prototype,"helpText",2);l([c()],A.prototype,"placeholder",2);l([c({type:Number})],A.prototype,"rows",2);l([c()],A.prototype,"resize",2);l([c({type:Boolean,reflect:!0})],A.prototype,"disabled",2);l([c({type:Boolean,reflect:!0})],A.prototype,"readonly",2);l([c({reflect:!0})],A.prototype,"form",2);l([c({type:Boolean,reflect:!0})],A.prototype,"required",2);l([c({type:Number})],A.prototype,"minlength",2);l([c({type:Number})],A.prototype,"maxlength",2);l([c()],A.prototype,"autocapitalize",2);l([c()],A.prototype,"autocorrect",2);l([c()],A.prototype,"autocomplete",2);l([c({type:Boolean})],A.prototype,"autofocus",2);l([c()],A.prototype,"enterkeyhint",2);l([c({type:Boolean,converter:{fromAttribute:e=>!(!e||e==="false"),toAttribute:e=>e?"true":"false"}})],A.prototype,"spellcheck",2);l([c()],A.prototype,"inputmode",2);l([Bs()],A.prototype,"defaultValue",2);l([R("disabled",{waitUntilFirstUpdate:!0})],A.prototype,"handleDisabledChange",1);l([R("rows",{waitUntilFirstUpdate:!0})],A.prototype,"handleRowsChange",1);l([R("value",{waitUntilFirstUpdate:!0})],A.prototype,"handleValueChange",1);A.define("sl-textarea");async function _e(e){const t=new TextEncoder().encode(e),s=globalThis.crypto?.subtle?new Uint8Array(await crypto.subtle.digest("SHA-1",t)):za(t);return Array.from(s,i=>i.toString(16).padStart(2,"0")).join("")}function za(e){const t=e.length,s=new Uint32Array(((t+8>>6)+1)*16);for(let b=0;b<t;b++)s[b>>2]|=e[b]<<24-b%4*8;s[t>>2]|=128<<24-t%4*8,s[s.length-1]=t*8;let i=1732584193,o=4023233417,r=2562383102,a=271733878,d=3285377520;const h=new Uint32Array(80),u=(b,f)=>b<<f|b>>>32-f;for(let b=0;b<s.length;b+=16){for(let y=0;y<80;y++)h[y]=y<16?s[b+y]:u(h[y-3]^h[y-8]^h[y-14]^h[y-16],1);let f=i,g=o,v=r,_=a,x=d;for(let y=0;y<80;y++){const z=y<20?g&v|~g&_:y<40?g^v^_:y<60?g&v|g&_|v&_:g^v^_,I=y<20?1518500249:y<40?1859775393:y<60?2400959708:3395469782,K=u(f,5)+z+x+I+h[y]>>>0;x=_,_=v,v=u(g,30)>>>0,g=f,f=K}i=i+f>>>0,o=o+g>>>0,r=r+v>>>0,a=a+_>>>0,d=d+x>>>0}const m=new Uint8Array(20),p=new DataView(m.buffer);return[i,o,r,a,d].forEach((b,f)=>p.setUint32(f*4,b)),m}class Yt extends Error{constructor(t,s){super(s?.errors?.map(i=>i.message).filter(Boolean).join("; ")||s?.message||`HTTP ${t}`),this.status=t,this.body=s}}const vs="cellgate.session";let mt=Oa();const ys=new Set;function Oa(){try{return JSON.parse(sessionStorage.getItem(vs)??"null")}catch{return null}}function Ze(e){mt=e,e?sessionStorage.setItem(vs,JSON.stringify(e)):sessionStorage.removeItem(vs),ys.forEach(t=>t())}const Ft=()=>mt,Ia=e=>(ys.add(e),()=>ys.delete(e)),N=()=>mt?.role==="Administrator";function Pa(e){const t=e.split(".")[1].replace(/-/g,"+").replace(/_/g,"/");return JSON.parse(decodeURIComponent(escape(atob(t.padEnd(t.length+(4-t.length%4)%4,"=")))))}async function Fs(e,t){return fetch(e,{method:"POST",headers:{"Content-Type":"application/json"},body:JSON.stringify(t)})}async function Da(e,t){const s=await Fs("/api/v1/authenticate",{username:e,password:await _e(t)}),i=await s.json().catch(()=>null);if(!s.ok)throw new Yt(s.status,i);return i?.mfa_token&&!i.auth_token?{mfaToken:i.mfa_token}:(await to(e,i),null)}async function La(e,t,s){const i=await Fs("/api/v1/authenticate",{mfa_token:t,code:s}),o=await i.json().catch(()=>null);if(!i.ok)throw new Yt(i.status,o);await to(e,o)}async function to(e,t){const s=Pa(t.auth_token),i={authToken:t.auth_token,refreshToken:t.refresh_token,username:e,userId:Number(s["esc.user"]),orgId:Number(s["esc.org"]),orgName:String(s["esc.orgName"]??""),role:"Observer"};mt=i;const o=await S(`/api/v1/user/${i.userId}/role/permission`);i.role=o.role.id===1?"Administrator":"Observer",Ze(i)}function Na(){Ze(null)}let ls=null;async function Ra(){return mt?.refreshToken?(ls??=(async()=>{try{const e=await Fs("/api/v1/authenticate",{refresh_token:mt.refreshToken});if(!e.ok)return!1;const t=await e.json();return Ze({...mt,authToken:t.auth_token}),!0}finally{setTimeout(()=>ls=null,0)}})(),ls):!1}async function Ce(e,t={},s=!1){const i=new Headers(t.headers);mt&&i.set("Authorization",`Bearer ${mt.authToken}`),t.body&&i.set("Content-Type","application/json");const o=await fetch(e,{...t,headers:i});if(o.status===401&&mt&&!s){if(await Ra())return Ce(e,t,!0);Ze(null)}if(!o.ok)throw new Yt(o.status,await o.json().catch(()=>null));return o}async function S(e,t={}){const i=await(await Ce(e,t)).text();return i?JSON.parse(i):void 0}async function ot(e){const t=await Ce(e);return{items:await t.json(),total:Number(t.headers.get("X-Total-Count")??0),pages:Number(t.headers.get("X-Total-Pages")??1),page:Number(t.headers.get("X-Current-Page")??1)}}const E=(e,t,s)=>S(t,{method:e,body:s===void 0?void 0:JSON.stringify(s)});async function Ot(e,t){const s=await Ce(e,{method:"POST",body:JSON.stringify(t)}),i=await s.text();return{location:s.headers.get("Location"),body:i?JSON.parse(i):null}}const ws=new EventTarget,_s=new EventTarget;let $s="connecting",Be=null,Bt=!1;const fe=()=>$s;function Us(e){e!==$s&&($s=e,_s.dispatchEvent(new Event("state")))}function Ma(e){return _s.addEventListener("state",e),()=>_s.removeEventListener("state",e)}function Ba(e){const t=s=>e(s.detail);return ws.addEventListener("change",t),()=>ws.removeEventListener("change",t)}function yi(e){ws.dispatchEvent(new CustomEvent("change",{detail:e}))}function qa(e){let t="message",s="";for(const o of e.split(`
`))o.startsWith("event:")?t=o.slice(6).trim():o.startsWith("data:")&&(s+=o.slice(5).trim());if(t==="ready"){Us("live"),yi({kind:"reset"});return}if(t==="end")return;let i;try{i=JSON.parse(s||"{}").endpoint_id}catch{}yi({kind:t,endpointId:i})}const Fa=e=>new Promise(t=>setTimeout(t,e));function wi(){Bt||(Bt=!0,(async()=>{let e=1e3;for(;Bt&&Ft();){Be=new AbortController;try{const s=(await Ce("/api/v1/live",{signal:Be.signal,headers:{Accept:"text/event-stream"}})).body.pipeThrough(new TextDecoderStream).getReader();let i="";for(;;){const{value:o,done:r}=await s.read();if(r)break;i+=o.replace(/\r\n?/g,`
`);for(let a=i.indexOf(`

`);a>=0;a=i.indexOf(`

`))qa(i.slice(0,a)),i=i.slice(a+2);e=1e3}}catch(t){if(!Bt||t instanceof Yt&&t.status===401)break}if(!Bt)break;Us("polling"),await Fa(e),e=Math.min(e*2,3e4)}Bt=!1})())}function _i(){Bt=!1,Be?.abort(),Be=null,Us("connecting")}class G extends Zt{constructor(){super(...arguments),this.cleanups=[],this.error=""}createRenderRoot(){return this}live(t,s,i=2e3,o=100){let r=!1,a=!1,d=0,h=0;const u=async()=>{if(d=0,!document.hidden){if(r){a=!0;return}r=!0,h=Date.now();try{await s()}catch(f){this.fail(f)}finally{r=!1}a&&(a=!1,u())}},m=()=>{d||(d=window.setTimeout(u,o))};u(),this.cleanups.push(Ba(f=>{(f.kind==="reset"||t(f))&&m()}));const p=window.setInterval(()=>{const f=fe()==="live"?3e4:i;Date.now()-h>=f-50&&u()},Math.min(i,1e3)),b=()=>{document.hidden||m()};document.addEventListener("visibilitychange",b),this.cleanups.push(()=>{clearInterval(p),clearTimeout(d),document.removeEventListener("visibilitychange",b)})}disconnectedCallback(){super.disconnectedCallback(),this.cleanups.forEach(t=>t()),this.cleanups=[]}fail(t){this.error=t instanceof Error?t.message:String(t),this.requestUpdate()}errorBox(){return this.error?n`<sl-alert variant="danger" open closable @sl-after-hide=${()=>this.error=""} role="alert">${this.error}</sl-alert>`:""}}function eo(e){if(!e)return null;const t=new Date(e.replace(/([+-]\d\d)(\d\d)$/,"$1:$2"));return isNaN(t.getTime())?null:t}function H(e){const t=eo(e);if(!t)return"—";const s=t.toLocaleString(void 0,{dateStyle:"medium",timeStyle:"medium"});return n`<time datetime=${t.toISOString()} title=${s} aria-label=${s}><sl-relative-time .date=${t} sync></sl-relative-time></time>`}const Ua={1:"primary",2:"primary",3:"warning",4:"success",5:"danger",6:"danger",7:"neutral"},Va=e=>n`<sl-badge class="status" data-status=${e.description} variant=${Ua[e.id]??"neutral"}>${e.description}</sl-badge>`,kt=(e,t=[0])=>e?n`<sl-badge variant=${t.includes(e.id)?"success":"neutral"}>${e.description}</sl-badge>`:"—";function D(e,t){return n`<div class="empty"><strong>${e}</strong><p>${t}</p></div>`}const Ha=()=>new URLSearchParams(location.hash.split("?")[1]??"");function $(e,t){const i=e.querySelector(`#${t}`)?.value??"";return Array.isArray(i)?i.join(","):String(i).trim()}class Wa extends G{constructor(){super(...arguments),this.busy=!1,this.mfaToken="",this.username=""}async run(t){this.busy=!0,this.error="",this.requestUpdate();try{await t()}catch(s){this.error=s instanceof Yt&&s.status===401?this.mfaToken?"Wrong or expired code.":"Wrong username or password (or the account is locked or suspended).":s.message}finally{this.busy=!1,this.requestUpdate()}}submit(t){t.preventDefault(),this.run(async()=>{this.username=$(this,"username");const s=await Da(this.username,this.querySelector("#password").value);s&&(this.mfaToken=s.mfaToken,this.requestUpdate(),await this.updateComplete,this.querySelector("#mfa-code")?.focus())})}submitCode(t){t.preventDefault(),this.run(()=>La(this.username,this.mfaToken,$(this,"mfa-code")))}render(){return this.mfaToken?n`<div class="login">
      <h1>Two-step verification</h1>
      <form id="mfa-form" @submit=${this.submitCode}>
        ${this.errorBox()}
        <p>Enter the 6-character code from your authenticator app or the e-mail just sent to ${this.username}.</p>
        <sl-input id="mfa-code" name="code" label="Code" autocomplete="one-time-code" inputmode="numeric" maxlength="6" minlength="6" required></sl-input>
        <sl-button type="submit" variant="primary" ?loading=${this.busy}>Verify</sl-button>
        <sl-button variant="text" @click=${()=>{this.mfaToken="",this.error="",this.requestUpdate()}}>Back</sl-button>
      </form></div>`:n`<div class="login">
      <h1>Sign in to Cellgate</h1>
      <form @submit=${this.submit}>
        ${this.errorBox()}
        <sl-input id="username" name="username" label="Username (e-mail)" autocomplete="username" required autofocus></sl-input>
        <sl-input id="password" name="password" type="password" label="Password" autocomplete="current-password" required password-toggle></sl-input>
        <sl-button type="submit" variant="primary" ?loading=${this.busy}>Sign in</sl-button>
        <p class="muted">On its first start the server prints the admin's username and password. Everything here is done with
          Cellgate's REST API: see the <a href="/api/doc">API reference</a>.</p>
      </form></div>`}}customElements.define("cg-login",Wa);const ja={closed:["success","closed"],open:["danger","open: held back"],half_open:["warning","half-open: trying"]},so=e=>{const[t,s]=ja[e]??["neutral",e];return n`<sl-badge class="circuit" data-state=${e} variant=${t}>${s}</sl-badge>`},Ka={delivered:"success",failed:"danger",expired:"danger",pending:"warning",in_flight:"primary"},Xa=e=>n`<sl-badge class="webhook-state" data-state=${e} variant=${Ka[e]??"neutral"}>${e.replace("_"," ")}</sl-badge>`,Ya=e=>e.state==="failed"||e.state==="expired",io=e=>e.last_status_code?`HTTP ${e.last_status_code}${e.last_error?` · ${e.last_error}`:""}`:e.last_error??"—";class Ja extends G{constructor(){super(...arguments),this.callbacks=null,this.secrets=null,this.confirming=""}connectedCallback(){super.connectedCallback(),this.live(()=>!1,()=>this.load(),1e4)}async load(){[this.callbacks,this.secrets]=await Promise.all([S("/api/v1/api_callback"),S("/api/v1/api_secret")]),this.requestUpdate()}async act(t){try{await t(),this.error=""}catch(s){this.fail(s)}await this.load().catch(s=>this.fail(s))}createCallback(t){t.preventDefault();const s=t.target,i={url:$(this,"callback-url")},o=$(this,"callback-purpose");return o&&(i.purpose=o),this.act(async()=>{await Ot("/api/v1/api_callback",i),s.reset()})}createSecret(t){t.preventDefault();const s=t.target,i=this.querySelector("#secret-value-input"),o={secret:i.value},r=$(this,"secret-purpose");return r&&(o.purpose=r),i.value="",this.act(async()=>{await Ot("/api/v1/api_secret",o),s.reset()})}deleteItem(t,s){if(this.confirming!==t){this.confirming=t,this.requestUpdate();return}this.confirming="",this.act(()=>E("DELETE",s))}deleteButton(t,s,i){const o=this.confirming===t;return n`<sl-button size="small" class="delete" variant=${o?"danger":"default"} title=${`Delete ${i}`}
      @click=${()=>this.deleteItem(t,s)}>${o?"Confirm delete":"Delete"}</sl-button>`}render(){const t=N();return n`<h1>Integrations</h1>${this.errorBox()}
      <p class="muted">A service profile sends its devices' SMS events (delivery reports, MO SMS) to its <strong>API callback</strong>, signed with its
        <strong>API secret</strong>. Choose them for a profile on <a href="#/profiles">Service profiles</a>; follow what was sent in the <a href="#/webhooks">webhook log</a>.</p>
      <div class="grid">
      <sl-card id="api-callbacks"><h2>API callbacks</h2>
        ${t?n`<form id="new-callback-form" class="row" @submit=${this.createCallback}>
          <sl-input id="callback-url" label="URL (http or https)" type="url" required maxlength="2000" placeholder="https://example.com/cellgate" class="grow"></sl-input>
          <sl-input id="callback-purpose" label="Purpose (optional)" maxlength="200"></sl-input>
          <sl-button type="submit" variant="primary" id="create-callback">Add callback</sl-button></form>`:""}
        ${this.callbacks?this.callbacks.length===0?D("No API callbacks",t?"Add the URL of your server above, then choose it on a service profile.":"An administrator can add them."):n`
        <table class="data" id="callbacks"><thead><tr><th>ID</th><th>URL</th><th class="wide">Purpose</th><th>Circuit</th>${t?n`<th><span class="muted">Actions</span></th>`:""}</tr></thead>
        <tbody>${this.callbacks.map(s=>n`<tr data-callback-id=${s.id}><td>${s.id}</td><td class="url">${s.url}</td><td class="wide">${s.purpose??"—"}</td><td>${so(s.circuit_state)}</td>
          ${t?n`<td>${this.deleteButton(`callback-${s.id}`,`/api/v1/api_callback/${s.id}`,`callback ${s.url}`)}</td>`:""}</tr>`)}</tbody></table>`:n`<sl-spinner></sl-spinner>`}
        <p class="muted">Circuit: after repeated failures Cellgate holds a destination's webhooks back for a while (open), then tries one (half-open).</p>
      </sl-card>
      <sl-card id="api-secrets"><h2>API secrets</h2>
        ${t?n`<form id="new-secret-form" class="row" @submit=${this.createSecret} autocomplete="off">
          <sl-input id="secret-value-input" label="Secret (8 to 512 characters)" type="password" required minlength="8" maxlength="512" password-toggle autocomplete="new-password" class="grow"></sl-input>
          <sl-input id="secret-purpose" label="Purpose (optional)" maxlength="200"></sl-input>
          <sl-button type="submit" variant="primary" id="create-secret">Add secret</sl-button></form>
          <p class="muted">Entered once: Cellgate stores it encrypted and never shows it again. Keep a copy where your receiver checks the signatures.</p>`:""}
        ${this.secrets?this.secrets.length===0?D("No API secrets",t?"Add one above (32 or more random characters), then choose it on a service profile.":"An administrator can add them."):n`
        <table class="data" id="secrets"><thead><tr><th>ID</th><th>Purpose</th><th>Value</th>${t?n`<th><span class="muted">Actions</span></th>`:""}</tr></thead>
        <tbody>${this.secrets.map(s=>n`<tr data-secret-id=${s.id}><td>${s.id}</td><td>${s.purpose??"—"}</td><td class="muted">hidden</td>
          ${t?n`<td>${this.deleteButton(`secret-${s.id}`,`/api/v1/api_secret/${s.id}`,`secret ${s.id}`)}</td>`:""}</tr>`)}</tbody></table>`:n`<sl-spinner></sl-spinner>`}
      </sl-card></div>`}}customElements.define("cg-integrations",Ja);function oo(e){for(const t of[1e3,3e3,6e3,1e4])setTimeout(()=>{document.hidden||e().catch(()=>{})},t)}const Ga=["failed","expired","pending","in_flight","delivered"];class Za extends G{constructor(){super(...arguments),this.data=null,this.state=Ha().get("state")??"",this.pageNo=1,this.demo=null}connectedCallback(){super.connectedCallback(),this.live(t=>t.kind==="sms",()=>this.load(),5e3,2e3)}async load(){const t=this.state?`&state=${this.state}`:"";[this.data,this.demo]=await Promise.all([ot(`/api/v1/webhook_delivery?page=${this.pageNo}&per_page=50${t}`),S("/api/v1/demo/webhook_receiver").catch(()=>null)]),this.requestUpdate()}async replay(t){try{await E("POST",`/api/v1/webhook_delivery/${t.id}/replay`),this.error=""}catch(s){this.fail(s)}await this.load().catch(s=>this.fail(s)),oo(()=>this.load())}setState(t){this.state=t,this.pageNo=1,history.replaceState(null,"",t?`#/webhooks?state=${t}`:"#/webhooks"),this.load().catch(s=>this.fail(s))}render(){const t=this.data,s=N();return n`<h1>Webhooks</h1>${this.errorBox()}
      <p class="muted">Every webhook sent to your <a href="#/integrations">API callbacks</a>, newest first. A failed or expired one can be sent again with the same <code>webhook-id</code>.</p>
      <div class="toolbar"><sl-select id="webhook-state" label="State" clearable placeholder="Any" .value=${this.state}
          @sl-change=${i=>this.setState(i.target.value)}>${Ga.map(i=>n`<sl-option value=${i}>${i.replace("_"," ")}</sl-option>`)}</sl-select></div>
      ${t?t.items.length===0?D(this.state?`No ${this.state.replace("_"," ")} webhooks`:"No webhooks yet",this.state?n`Nothing in this state. <a href="#/webhooks" @click=${()=>this.setState("")}>Show all</a>.`:n`Choose an API callback on a <a href="#/profiles">service profile</a>: its devices' SMS events are sent there.`):n`
      <table class="data" id="webhooks"><thead><tr><th>ID</th><th class="wide">Created</th><th>Kind</th><th>URL</th><th>State</th><th>Attempts</th><th class="wide">Last answer</th>${s?n`<th><span class="muted">Actions</span></th>`:""}</tr></thead>
      <tbody>${t.items.map(i=>n`<tr data-webhook-id=${i.id}><td>${i.id}</td><td class="wide">${H(i.created)}</td><td>${i.kind}</td><td class="url">${i.method} ${i.url}</td>
        <td>${Xa(i.state)}</td><td class="attempts">${i.attempts}</td><td class="wide">${io(i)}${i.last_attempt?n` · ${H(i.last_attempt)}`:""}</td>
        ${s?n`<td>${Ya(i)?n`<sl-button size="small" class="replay" @click=${()=>this.replay(i)}>Replay</sl-button>`:""}</td>`:""}</tr>`)}</tbody></table>
      <div class="pager" aria-live="polite"><sl-button size="small" ?disabled=${t.page<=1} @click=${()=>{this.pageNo=t.page-1,this.load()}}>Previous</sl-button>
        <span>Page ${t.page} of ${t.pages} · ${t.total.toLocaleString()} in all</span>
        <sl-button size="small" ?disabled=${t.page>=t.pages} @click=${()=>{this.pageNo=t.page+1,this.load()}}>Next</sl-button></div>`:n`<sl-spinner></sl-spinner>`}
      ${this.demo?n`<sl-card id="demo-receiver" style="margin-top:1rem"><h2>The demo receiver</h2>
        <p class="muted">The demo service profile's callback is this server's own receiver (<code>/api/v1/demo/webhook_receiver</code>), which keeps the newest 50 it got.</p>
        ${this.demo.length===0?D("The demo receiver got nothing yet",n`Send an SMS to a demo device, or make it send an MO, from its <a href="#/devices/1">page</a>.`):n`
        <table class="data"><thead><tr><th>Received</th><th>Method</th><th class="wide">webhook-id</th><th>Signed</th><th>Body</th></tr></thead>
        <tbody>${this.demo.slice(0,10).map(i=>n`<tr><td>${H(i.received)}</td><td>${i.method}</td><td class="wide">${i.webhook_id??"—"}</td><td>${i.signed?"yes":"no"}</td><td class="url">${i.body.length>160?i.body.slice(0,160)+"…":i.body}</td></tr>`)}</tbody></table>`}</sl-card>`:""}`}}customElements.define("cg-webhooks",Za);const Qa={DELIVERED:"success",BUFFERED:"warning",FAILED:"danger",EXPIRED:"danger",CANCELED:"neutral"},$i=["DELIVERED","IN PROGRESS","DELIVERY ATTEMPT PENDING","BUFFERED","FAILED","EXPIRED","CANCELED"];function ns(e,t){const s=Math.max(1,...t.map(i=>i[1]));return n`<div class="bars" id=${e}>${t.map(([i,o,r])=>n`
    <div class="bar" data-label=${i}><span>${i}</span><span class="track" role="img" aria-label="${i}: ${o}"><span class="fill ${r}" style="width:${100*o/s}%"></span></span><strong>${o.toLocaleString()}</strong></div>`)}</div>`}class tl extends G{constructor(){super(...arguments),this.devices=null,this.recent=null,this.stats=null,this.webhooks=null}connectedCallback(){super.connectedCallback(),this.live(t=>t.kind==="sms"||t.kind==="device"||t.kind==="handset",async()=>{const[t,s,i,o]=await Promise.all([ot("/api/v1/endpoint?q=status:0&per_page=1"),ot("/api/v1/endpoint?q=status:1&per_page=1"),S("/api/v1/sms/stats"),S("/api/simulator/stats")]);this.devices=[["Enabled",t.total,"success"],["Disabled",s.total,"neutral"]],this.recent=i,this.stats=o,this.requestUpdate()},5e3,1e3),this.live(t=>t.kind==="sms",()=>this.loadWebhooks(),1e4,2e3)}async loadWebhooks(){const[t,s,i,o]=await Promise.all([ot("/api/v1/webhook_delivery?state=failed&per_page=3"),ot("/api/v1/webhook_delivery?state=expired&per_page=1"),ot("/api/v1/webhook_delivery?state=pending&per_page=1"),S("/api/v1/api_callback")]);this.webhooks={failed:t.items,failedTotal:t.total,expiredTotal:s.total,pendingTotal:i.total,callbacks:o},this.requestUpdate()}async replay(t){try{await E("POST",`/api/v1/webhook_delivery/${t.id}/replay`),this.error=""}catch(s){this.fail(s)}await this.loadWebhooks().catch(s=>this.fail(s)),oo(()=>this.loadWebhooks())}webhookCard(){const t=this.webhooks;if(!t)return n`<sl-card id="webhooks-failing"><h2>Webhooks failing</h2><sl-spinner></sl-spinner></sl-card>`;const s=t.callbacks.filter(o=>o.circuit_state!=="closed"),i=t.failedTotal+t.expiredTotal;return n`<sl-card id="webhooks-failing"><h2>Webhooks failing</h2>
      ${t.callbacks.length===0&&i===0?D("No API callbacks",n`Add one under <a href="#/integrations">Integrations</a> and choose it on a service profile to receive SMS events.`):n`
      ${ns("webhook-states",[["Failed",t.failedTotal,"danger"],["Expired",t.expiredTotal,"danger"],["Pending (retrying)",t.pendingTotal,"warning"]])}
      ${s.length?n`<ul class="plain" id="tripped-callbacks">${s.map(o=>n`<li>${so(o.circuit_state)} <span class="url">${o.url}</span></li>`)}</ul>`:n`<p class="muted" id="circuits-closed">All ${t.callbacks.length} callback destination${t.callbacks.length===1?"":"s"} accept webhooks (circuits closed).</p>`}
      ${t.failed.length?n`<h3 class="muted small">Newest failed</h3><ul class="plain failed-list" id="failed-webhooks">${t.failed.map(o=>n`<li data-webhook-id=${o.id}>
          <div class="grow"><span class="url">#${o.id} ${o.url}</span><br><span class="muted answer">${io(o)}</span></div>
          ${N()?n`<sl-button size="small" class="replay" @click=${()=>this.replay(o)}>Replay</sl-button>`:""}</li>`)}</ul>`:""}`}
      <p class="muted"><a href="#/webhooks?state=failed" id="webhook-log-link">Delivery log${i?` (${i.toLocaleString()} failed or expired)`:""}</a> · <a href="#/integrations">API callbacks</a></p></sl-card>`}render(){const t=this.recent,s=t?Object.entries(t.by_status).sort((i,o)=>$i.indexOf(i[0])-$i.indexOf(o[0])).map(([i,o])=>[i,o,Qa[i]??""]):[];return n`<h1>Dashboard</h1>${this.errorBox()}
      <div class="grid">
        <sl-card><h2>Devices by status</h2>${this.devices?ns("devices-by-status",this.devices):n`<sl-spinner></sl-spinner>`}
          <p class="muted"><a href="#/devices">All devices</a></p></sl-card>
        <sl-card><h2>SMS in the last hour</h2>${t?s.length?ns("sms-last-hour",s):D("No SMS in the last hour",n`Open a <a href="#/devices">device</a> and send one from its SMS console.`):n`<sl-spinner></sl-spinner>`}
          ${t?n`<p class="muted" id="sms-last-hour-total">${t.total.toLocaleString()} in all · ${(t.by_type.MT??0).toLocaleString()} MT, ${(t.by_type.MO??0).toLocaleString()} MO</p>`:""}</sl-card>
        <sl-card><h2>Network simulator</h2>${this.stats?n`
          <dl class="props"><dt>Handsets attached</dt><dd id="handsets-attached">${this.stats.attached.toLocaleString()}</dd>
            <dt>SMS received by handsets</dt><dd>${this.stats.received.toLocaleString()}</dd>
            <dt>Duplicates suppressed</dt><dd>${this.stats.duplicates_suppressed.toLocaleString()}</dd></dl>`:n`<sl-spinner></sl-spinner>`}</sl-card>
        ${this.webhookCard()}
      </div>`}}customElements.define("cg-dashboard",tl);const el=50;class sl extends G{constructor(){super(...arguments),this.data=null,this.pageNo=1,this.sort="id",this.search="",this.status="",this.creating=!1,this.profiles=[],this.tariffs=[],this.sims=[],this.debounce=0,this.marked=!1}connectedCallback(){super.connectedCallback(),this.live(t=>t.kind==="device"&&(t.endpointId===void 0||!!this.data?.items.some(s=>s.id===t.endpointId)),()=>this.load(),1e4,300)}query(){const t=[],s=this.search.trim();return s&&t.push(/^\d{10,}$/.test(s)?s.length>=18?`iccid:${s}`:`msisdn:${s}`:`name:${s}`),this.status&&t.push(`status:${this.status}`),`page=${this.pageNo}&per_page=${el}&sort=${encodeURIComponent(this.sort)}${t.length?`&q=${encodeURIComponent(t.join(","))}`:""}`}async load(){try{this.data=await ot(`/api/v1/endpoint?${this.query()}`),this.error=""}catch(t){this.fail(t)}this.requestUpdate()}updated(){this.data&&!this.marked&&(this.marked=!0,requestAnimationFrame(()=>performance.mark("cg:devices-painted")))}onSearch(t){this.search=t.target.value,this.pageNo=1,clearTimeout(this.debounce),this.debounce=window.setTimeout(()=>this.load(),250)}sortBy(t){this.sort=this.sort===t?`-${t}`:t,this.pageNo=1,this.load()}go(t){this.pageNo=t,this.load()}async openCreate(){this.creating=!0,this.requestUpdate();try{[this.profiles,this.tariffs,this.sims]=await Promise.all([S("/api/v1/service_profile"),S("/api/v1/tariff_profile"),S("/api/v1/sim?q=endpoint:null&per_page=100")])}catch(t){this.fail(t)}this.requestUpdate()}async create(t){t.preventDefault();const s=$(this,"new-sim"),i={name:$(this,"new-name"),status:{id:Number($(this,"new-status")||0)},service_profile:{id:Number($(this,"new-service-profile"))},tariff_profile:{id:Number($(this,"new-tariff-profile"))}};s&&(i.sim={id:Number(s)});try{const o=await Ot("/api/v1/endpoint",i);this.creating=!1,location.hash=`#/devices/${o.body.id}`}catch(o){this.fail(o)}}header(t,s,i=""){const o=this.sort===t?"ascending":this.sort===`-${t}`?"descending":"none";return n`<th class=${i} aria-sort=${o}><button @click=${()=>this.sortBy(t)} title="Sort by ${s}">${s}${o==="ascending"?" ▲":o==="descending"?" ▼":""}</button></th>`}render(){const t=this.data;return n`<h1>Devices</h1>${this.errorBox()}
      <div class="toolbar">
        <sl-input class="grow" id="device-search" label="Search" placeholder="Name prefix, ICCID or MSISDN" clearable .value=${this.search} @sl-input=${this.onSearch} @sl-clear=${this.onSearch}></sl-input>
        <sl-select id="status-filter" label="Status" .value=${this.status} @sl-change=${s=>{this.status=s.target.value,this.pageNo=1,this.load()}} clearable placeholder="Any">
          <sl-option value="0">Enabled</sl-option><sl-option value="1">Disabled</sl-option></sl-select>
        ${N()?n`<sl-button variant="primary" id="new-device" @click=${this.openCreate}>New device</sl-button>`:""}
      </div>
      ${t?t.items.length===0?this.search||this.status?D("No device matches","Name search matches the beginning of the name, and is case-sensitive. Clear the filters to see all."):D("No devices yet",N()?'Create one with "New device", or with POST /api/v1/endpoint.':"An administrator of your organisation can create them."):n`
      <table class="data" id="devices">
        <caption class="muted" style="caption-side:bottom;text-align:left;padding-top:.4rem">${t.total.toLocaleString()} devices</caption>
        <thead><tr>${this.header("id","ID")}${this.header("name","Name")}${this.header("status","Status")}<th class="wide">ICCID</th><th class="wide">MSISDN</th><th class="wide">IP address</th>${this.header("last_updated","Last updated","wide")}</tr></thead>
        <tbody>${t.items.map(s=>n`<tr>
          <td>${s.id}</td><td><a href="#/devices/${s.id}">${s.name}</a></td><td>${kt(s.status)}</td>
          <td class="wide">${s.sim?.iccid??"—"}</td><td class="wide">${s.sim?.msisdn??"—"}</td><td class="wide">${s.ip_address??"—"}</td><td class="wide">${H(s.last_updated)}</td></tr>`)}
        </tbody></table>
      <div class="pager" role="navigation" aria-label="Pages">
        <sl-button size="small" ?disabled=${t.page<=1} @click=${()=>this.go(1)}>First</sl-button>
        <sl-button size="small" ?disabled=${t.page<=1} @click=${()=>this.go(t.page-1)}>Previous</sl-button>
        <span aria-live="polite">Page ${t.page.toLocaleString()} of ${t.pages.toLocaleString()}</span>
        <sl-button size="small" ?disabled=${t.page>=t.pages} @click=${()=>this.go(t.page+1)}>Next</sl-button>
        <sl-button size="small" ?disabled=${t.page>=t.pages} @click=${()=>this.go(t.pages)}>Last</sl-button>
      </div>`:n`<sl-spinner></sl-spinner>`}
      <sl-dialog label="New device" ?open=${this.creating} @sl-after-hide=${s=>{s.target===s.currentTarget&&(this.creating=!1,this.requestUpdate())}}>
        <form id="new-device-form" @submit=${this.create} style="display:grid;gap:.8rem">
          <sl-input id="new-name" label="Name" required maxlength="200"></sl-input>
          <sl-select id="new-status" label="Status" value="0"><sl-option value="0">Enabled</sl-option><sl-option value="1">Disabled</sl-option></sl-select>
          <sl-select id="new-service-profile" label="Service profile" required .value=${String(this.profiles[0]?.id??"")}>${this.profiles.map(s=>n`<sl-option value=${String(s.id)}>${s.name}</sl-option>`)}</sl-select>
          <sl-select id="new-tariff-profile" label="Tariff profile" required .value=${String(this.tariffs[0]?.id??"")}>${this.tariffs.map(s=>n`<sl-option value=${String(s.id)}>${s.name}</sl-option>`)}</sl-select>
          <sl-select id="new-sim" label="SIM (optional)" clearable placeholder="No SIM">${this.sims.map(s=>n`<sl-option value=${String(s.id)}>${s.iccid} · ${s.msisdn}</sl-option>`)}</sl-select>
          <sl-button type="submit" variant="primary" id="create-device">Create device</sl-button>
        </form>
      </sl-dialog>`}}customElements.define("cg-devices",sl);const il=`@£$¥èéùìòÇ
Øø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà`,ol="\f^{}\\[~]|€";function rl(e){let t=0,s=!0;for(const a of e)if(il.includes(a))t+=1;else if(ol.includes(a))t+=2;else{s=!1;break}if(s){const a=t<=160?1:Math.ceil(t/153),d=a===1?160:153;return{encoding:"GSM-7",units:t,parts:Math.max(a,1),perPart:d,remaining:d*Math.max(a,1)-t}}const i=e.length,o=i<=70?1:Math.ceil(i/67),r=o===1?70:67;return{encoding:"UCS-2",units:i,parts:o,perPart:r,remaining:r*o-i}}const pe=e=>e.catch(t=>{if(t instanceof Yt&&t.status===404)return null;throw t}),xi=e=>e.replace(" ","T")+"Z",ki=()=>{const e=new Date;return e.setUTCMonth(e.getUTCMonth()+1),e.toISOString().slice(0,10)},Ci=e=>e.toLocaleString(void 0,{maximumFractionDigits:3}),al={1:"success",2:"danger",3:"neutral"};class ll extends G{constructor(){super(...arguments),this.deviceId=0,this.sms=null,this.data=null,this.blacklist=[],this.operators=[],this.connectivity=null,this.usage=null,this.loaded=!1,this.editing=null}connectedCallback(){super.connectedCallback(),this.live(t=>t.endpointId===this.deviceId&&(t.kind==="device"||t.kind==="sms"||t.kind==="handset"),()=>this.load(),5e3,500)}async load(){const t=this.deviceId,[s,i,o,r,a]=await Promise.all([pe(S(`/api/v1/endpoint/${t}/quota/sms`)),pe(S(`/api/v1/endpoint/${t}/quota/data`)),pe(S(`/api/v1/endpoint/${t}/operator_blacklist`)),pe(S(`/api/v1/endpoint/${t}/connectivity`)),pe(S(`/api/v1/endpoint/${t}/stats`))]);N()&&this.operators.length===0&&(this.operators=await S("/api/v1/operator")),Object.assign(this,{sms:s,data:i,blacklist:o??[],connectivity:r,usage:a,loaded:!0}),this.requestUpdate()}async act(t){try{await t(),this.error=""}catch(s){this.fail(s)}await this.load().catch(s=>this.fail(s))}setQuota(t,s){t.preventDefault();const i={volume:Number($(this,`${s}-quota-volume`)),expiry_date:`${$(this,`${s}-quota-expiry`)} 23:59:59`,threshold_percentage:Number($(this,`${s}-quota-threshold`)||0),status:{id:1}};return s==="data"&&(i.action_on_exhaustion={id:Number($(this,"data-quota-action")||1)}),this.act(async()=>{await Ot(`/api/v1/endpoint/${this.deviceId}/quota/${s}`,i),this.editing=null})}quotaCard(t){const s=t==="sms"?this.sms:this.data,i=N(),o=t==="sms"?"SMS":"MB",r=t==="sms"?"SMS quota":"Data quota",a=t==="sms"?"SMS quota":"data quota",d=h=>h.toLocaleString(void 0,{maximumFractionDigits:3});return n`<sl-card id="${t}-quota"><h2>${r}</h2>
      ${this.loaded?s?n`<dl class="props">
        <dt>Status</dt><dd><sl-badge class="quota-status" variant=${al[s.status.id]??"neutral"}>${s.status.description}</sl-badge></dd>
        <dt>Left</dt><dd class="quota-volume">${d(s.volume)} ${o} <span class="muted">of ${d(s.last_volume_added)}</span></dd>
        <dt>Expires</dt><dd>${H(xi(s.expiry_date))}</dd>
        <dt>Threshold</dt><dd>${s.threshold_percentage} % (${d(s.threshold_volume)} ${o})</dd>
        ${t==="data"?n`<dt>When used up</dt><dd>${s.action_on_exhaustion.description}${s.action_on_exhaustion.peak_throughput?` to ${s.action_on_exhaustion.peak_throughput.toLocaleString()} B/s`:""}</dd>`:""}</dl>`:D(`No ${a}`,i?`Set one below; it is enforced when the service profile has "Apply ${a}".`:"An administrator can set one."):n`<sl-spinner></sl-spinner>`}
      ${i?this.editing===t?n`<form class="row quota-form" style="margin-top:.75rem" @submit=${h=>this.setQuota(h,t)}>
          <sl-input id="${t}-quota-volume" label="Volume (${o})" type="number" min="0" step=${t==="sms"?"1":"any"} required .value=${s?String(s.last_volume_added):""} size="small"></sl-input>
          <sl-input id="${t}-quota-expiry" label="Expires at the end of" type="date" required .value=${s?eo(xi(s.expiry_date))?.toISOString().slice(0,10)??ki():ki()} size="small"></sl-input>
          <sl-input id="${t}-quota-threshold" label="Threshold (%)" type="number" min="0" max="100" .value=${String(s?.threshold_percentage??80)} size="small"></sl-input>
          ${t==="data"?n`<sl-select id="data-quota-action" label="When used up" size="small" .value=${String(s?.action_on_exhaustion.id??1)}>
            <sl-option value="1">Block</sl-option><sl-option value="2">Throttle</sl-option></sl-select>`:""}
          <sl-button type="submit" size="small" variant="primary" id="save-${t}-quota">Save</sl-button>
          <sl-button size="small" @click=${()=>{this.editing=null,this.requestUpdate()}}>Cancel</sl-button></form>`:n`<div class="row" style="margin-top:.75rem"><sl-button size="small" id="edit-${t}-quota" @click=${()=>{this.editing=t,this.requestUpdate()}}>${s?"Refill or change":`Set ${a}`}</sl-button>
          ${s?n`<sl-button size="small" id="delete-${t}-quota" @click=${()=>this.act(()=>E("DELETE",`/api/v1/endpoint/${this.deviceId}/quota/${t}`))}>Remove</sl-button>`:""}</div>`:""}
    </sl-card>`}blacklistCard(){const t=N(),s=this.operators.filter(i=>!this.blacklist.some(o=>o.id===i.id));return n`<sl-card id="operator-blacklist"><h2>Operator blacklist</h2>
      ${this.blacklist.length===0?D("No operator blacklisted","The device may attach through any operator."):n`
        <ul class="plain">${this.blacklist.map(i=>n`<li data-operator-id=${i.id}>${i.name} <span class="muted">${i.country?.name??""}</span>
          ${t?n`<sl-button size="small" class="unblacklist" @click=${()=>this.act(()=>E("DELETE",`/api/v1/endpoint/${this.deviceId}/operator_blacklist/${i.id}`))}>Allow</sl-button>`:""}</li>`)}</ul>`}
      ${t&&s.length?n`<form class="row" style="margin-top:.75rem" @submit=${i=>{i.preventDefault();const o=$(this,"blacklist-operator");o&&this.act(()=>E("PUT",`/api/v1/endpoint/${this.deviceId}/operator_blacklist/${o}`))}}>
          <sl-select id="blacklist-operator" label="Operator" size="small" placeholder="Choose" required>${s.map(i=>n`<sl-option value=${String(i.id)}>${i.name} (${i.country?.name??""})</sl-option>`)}</sl-select>
          <sl-button type="submit" size="small" id="add-blacklist">Blacklist</sl-button></form>`:""}
      <p class="muted">The simulated handset cannot attach through a blacklisted operator.</p></sl-card>`}sessionCard(){const t=this.connectivity,s=t?.pdp_context;return n`<sl-card id="data-session"><h2>Network and data session</h2>
      ${t?n`<dl class="props">
        <dt>Status</dt><dd>${t.status.description}</dd>
        ${t.location?n`<dt>Operator</dt><dd id="serving-operator">${t.location.operator.name} <span class="muted">${t.location.country.name} · ${t.location.rat_type.description}</span></dd>
          <dt>Registered</dt><dd>${H(t.location.last_updated)}</dd>`:""}
        ${s?n`<dt>APN</dt><dd>${s.apn}</dd><dt>Device IP</dt><dd>${s.ue_ip_address??"—"}</dd><dt>Session since</dt><dd>${H(s.created)}</dd>
          <dt>Volume</dt><dd id="session-volume">${s.volume.total.toLocaleString(void 0,{maximumFractionDigits:3})} MB <span class="muted">(up ${s.volume.tx.toLocaleString(void 0,{maximumFractionDigits:3})}, down ${s.volume.rx.toLocaleString(void 0,{maximumFractionDigits:3})})</span></dd>`:""}</dl>
        ${!t.location&&!s?D("Not registered","Attach the handset in the simulator panel."):""}
        ${this.usage?n`<p class="muted" id="usage">This month: ${Ci(this.usage.current_month.data.volume)} MB of data, ${this.usage.current_month.sms.volume.toLocaleString()} SMS · last hour: ${Ci(this.usage.last_hour.data.volume)} MB</p>`:""}
        ${N()?n`<div class="row">${s?n`
          <form class="row" @submit=${i=>{i.preventDefault(),this.act(()=>E("POST",`/api/simulator/devices/${this.deviceId}/consume`,{megabytes:Number($(this,"consume-mb"))}))}}>
            <sl-input id="consume-mb" label="The device uses (MB)" type="number" min="0.001" step="any" value="5" size="small" required></sl-input>
            <sl-button type="submit" size="small" id="consume">Use data</sl-button></form>
          <sl-button size="small" id="end-session" @click=${()=>this.act(()=>E("PATCH",`/api/v1/endpoint/${this.deviceId}/connectivity`,{pdp_context:null}))}>End the data session</sl-button>`:t.location?n`<sl-button size="small" id="open-session" @click=${()=>this.act(()=>E("POST",`/api/simulator/devices/${this.deviceId}/session`,{}))}>Open a data session (simulator)</sl-button>`:""}</div>`:""}`:n`<sl-spinner></sl-spinner>`}
    </sl-card>`}render(){return n`${this.errorBox()}<div class="grid">${this.quotaCard("sms")}${this.quotaCard("data")}${this.blacklistCard()}${this.sessionCard()}</div>`}}customElements.define("cg-device-limits",ll);const nl=["none","absent_subscriber","memory_full","unknown_subscriber","reject"],cl=new Set([4,5,6,7]);class dl extends G{constructor(){super(...arguments),this.deviceId=0,this.device=null,this.notFound=!1,this.sms=[],this.handset=null,this.events=[],this.connectivity=null,this.text="",this.sending=!1,this.inbox=null,this.confirmDelete=!1,this.freeSims=null}connectedCallback(){super.connectedCallback(),this.live(t=>t.endpointId===this.deviceId,()=>this.refresh(),2e3)}async refresh(){const t=this.deviceId;try{const[s,i,o,r,a]=await Promise.all([S(`/api/v1/endpoint/${t}`),ot(`/api/v1/endpoint/${t}/sms?page=1&per_page=50`),S(`/api/v1/endpoint/${t}/connectivity`),ot(`/api/v1/endpoint/${t}/event?per_page=10&sort=-id`).catch(()=>({items:[]})),S(`/api/simulator/devices/${t}`).catch(()=>null)]);Object.assign(this,{device:s,sms:i.items,connectivity:o,events:r.items,handset:a,notFound:!1}),!s.sim&&N()&&this.freeSims===null&&(this.freeSims=await S("/api/v1/sim?q=endpoint:null&per_page=100")),s.sim&&(this.freeSims=null)}catch(s){if(s instanceof Yt&&s.status===404)this.notFound=!0;else throw s}this.requestUpdate()}async act(t){try{await t(),this.error=""}catch(s){this.fail(s)}await this.refresh().catch(s=>this.fail(s))}async sendSms(t){if(t.preventDefault(),!this.text)return;this.sending=!0,this.requestUpdate();const s=$(this,"sms-source");await this.act(async()=>{await Ot(`/api/v1/endpoint/${this.deviceId}/sms`,s?{payload:this.text,source_address:s}:{payload:this.text}),this.text=""}),this.sending=!1,this.requestUpdate()}async rename(t){t.preventDefault();const s=$(this,"device-name");s&&await this.act(()=>E("PATCH",`/api/v1/endpoint/${this.deviceId}`,{name:s}))}async deleteDevice(){if(!this.confirmDelete){this.confirmDelete=!0,this.requestUpdate();return}try{await E("DELETE",`/api/v1/endpoint/${this.deviceId}`),location.hash="#/devices"}catch(t){this.confirmDelete=!1,this.fail(t)}}async loadInbox(){try{this.inbox=await S(`/api/simulator/devices/${this.deviceId}/inbox`)}catch(t){this.fail(t)}this.requestUpdate()}smsConsole(){const t=rl(this.text),s=[...this.sms].reverse();return n`<sl-card id="sms-console"><h2>SMS console</h2>
      <div class="conversation" aria-live="polite" aria-label="Conversation">
        ${s.length===0?D("No SMS yet",N()?"Send one below: it is delivered at once while the handset is attached, buffered while it is not.":"None was sent to or from this device."):s.map(i=>{const o=i.sms_type.id===1;return n`<div class="msg ${o?"mt":"mo"}" data-sms-id=${i.id}>
            <div class="text">${i.payload}</div>
            <div class="meta"><span>${o?i.source_address?`MT from ${i.source_address}`:"MT":`MO to ${i.dest_address??"—"}`}</span>${Va(i.status)}${H(i.submit_date)}
              ${o&&!cl.has(i.status.id)&&N()?n`<sl-button size="small" class="cancel" @click=${()=>this.act(()=>E("DELETE",`/api/v1/endpoint/${this.deviceId}/sms/${i.id}`))}>Cancel</sl-button>`:""}</div></div>`})}
      </div>
      ${N()?n`<form @submit=${this.sendSms} style="margin-top:.75rem">
        <sl-textarea id="sms-text" label="Message" rows="2" resize="auto" .value=${this.text} @sl-input=${i=>{this.text=i.target.value,this.requestUpdate()}}></sl-textarea>
        <div class="counter" id="sms-counter" aria-live="polite">${t.encoding} · ${t.units} ${t.encoding==="GSM-7"?"septets":"characters"} · ${t.parts} part${t.parts>1?"s":""} · ${t.remaining} left in this part</div>
        <div class="row"><sl-input id="sms-source" label="Sender (optional)" placeholder="e.g. Cellgate or 4915…" size="small"></sl-input>
          <sl-button type="submit" variant="primary" id="send-sms" ?loading=${this.sending} ?disabled=${!this.text}>Send SMS</sl-button></div>
      </form>`:""}
    </sl-card>`}simulator(){const t=this.handset;if(!t)return n`<sl-card><h2>Simulator</h2>${D("No simulated handset","The device needs an activated SIM to be played by the network simulator.")}</sl-card>`;const s=N();return n`<sl-card id="simulator"><h2>Simulator</h2>
      <p>Handset: <strong id="handset-state">${t.attached?"attached":"detached"}</strong>${t.fault!=="none"?n` · fault <strong>${t.fault}</strong>`:""}</p>
      ${s?n`
      <div class="row">
        ${t.attached?n`<sl-button id="detach" @click=${()=>this.act(()=>E("POST",`/api/simulator/devices/${this.deviceId}/detach`))}>Detach</sl-button>`:n`<sl-button id="attach" variant="success" @click=${()=>this.act(()=>E("POST",`/api/simulator/devices/${this.deviceId}/attach`))}>Attach</sl-button>`}
        <sl-select id="fault" label="Fault for the next deliveries" size="small" .value=${t.fault} @sl-change=${i=>this.act(()=>E("PATCH",`/api/simulator/devices/${this.deviceId}`,{fault:i.target.value}))}>
          ${nl.map(i=>n`<sl-option value=${i}>${i}</sl-option>`)}</sl-select>
      </div>
      <form class="row" style="margin-top:.75rem" @submit=${i=>{i.preventDefault(),this.act(()=>Ot(`/api/simulator/devices/${this.deviceId}/mo`,{dest_address:$(this,"mo-dest"),payload:$(this,"mo-text")}))}}>
        <sl-input id="mo-dest" label="MO to" value="12345" size="small" required></sl-input>
        <sl-input id="mo-text" label="MO text" size="small" required></sl-input>
        <sl-button type="submit" size="small" id="send-mo">Device sends</sl-button>
      </form>`:n`<p class="muted">Observers can watch the handset but not change it.</p>`}
      <p><sl-button size="small" id="show-inbox" @click=${this.loadInbox}>${this.inbox?"Refresh":"Show"} what the handset received</sl-button></p>
      ${this.inbox?this.inbox.length===0?D("The handset received nothing yet","Attach it and send an SMS."):n`
        <table class="data" id="inbox"><thead><tr><th>Received</th><th>From</th><th>Text</th></tr></thead>
        <tbody>${this.inbox.slice(-20).reverse().map(i=>n`<tr><td>${H(i.received)}</td><td>${i.source_address??"—"}</td><td>${i.payload}</td></tr>`)}</tbody></table>`:""}
    </sl-card>`}render(){if(this.notFound)return n`<h1>Device not found</h1>${D("There is no device "+this.deviceId+" in your organisation",n`<a href="#/devices">Back to the devices</a>`)}`;const t=this.device;if(!t)return n`${this.errorBox()}<sl-spinner></sl-spinner>`;const s=N();return n`<h1>${t.name} <span class="muted">#${t.id}</span> ${kt(t.status)}</h1>${this.errorBox()}
      ${s?n`<div class="row" style="margin-bottom:1rem">
        <form class="row" @submit=${this.rename}><sl-input id="device-name" size="small" label="Name" .value=${t.name} maxlength="200"></sl-input>
          <sl-button size="small" type="submit" id="rename">Rename</sl-button></form>
        <sl-button size="small" id="toggle-status" @click=${()=>this.act(()=>E("PATCH",`/api/v1/endpoint/${t.id}`,{status:{id:t.status.id===0?1:0}}))}>${t.status.id===0?"Disable":"Enable"}</sl-button>
        ${t.sim?n`<sl-button size="small" id="release-sim" @click=${()=>this.act(()=>E("PATCH",`/api/v1/endpoint/${t.id}`,{sim:{id:null}}))}>Release the SIM</sl-button>`:n`<sl-button size="small" id="delete-device" variant=${this.confirmDelete?"danger":"default"} @click=${this.deleteDevice}>${this.confirmDelete?"Confirm delete":"Delete device"}</sl-button>`}</div>`:""}
      <div class="grid">
        <sl-card><h2>Device</h2><dl class="props">
          <dt>Service profile</dt><dd>${t.service_profile?.name??"—"}</dd><dt>Tariff profile</dt><dd>${t.tariff_profile?.name??"—"}</dd>
          <dt>IP address</dt><dd>${t.ip_address??"—"}</dd><dt>IMEI</dt><dd>${t.imei??"—"}</dd><dt>Tags</dt><dd>${t.tags??"—"}</dd>
          <dt>Created</dt><dd>${H(t.created)}</dd><dt>Updated</dt><dd>${H(t.last_updated)}</dd></dl></sl-card>
        <sl-card><h2>SIM and connectivity</h2>${t.sim?n`<dl class="props">
          <dt>ICCID</dt><dd>${t.sim.iccid}</dd><dt>IMSI</dt><dd>${t.sim.imsi}</dd><dt>MSISDN</dt><dd>${t.sim.msisdn}</dd>
          <dt>SIM status</dt><dd>${kt(t.sim.status,[1])}</dd>
          <dt>Connectivity</dt><dd id="connectivity">${this.connectivity?n`<sl-badge variant=${this.connectivity.status.description==="ATTACHED"?"success":"neutral"}>${this.connectivity.status.description}</sl-badge> ${this.connectivity.services.join(", ")}`:"—"}</dd></dl>`:s?n`${D("No SIM",this.freeSims?.length?"Assign a free SIM below: it is activated and the device gets an IP address.":"There is no free SIM: release one from another device, or import SIMs (POST /api/v1/admin/sim_batch).")}
            ${this.freeSims?.length?n`<form class="row" style="margin-top:.75rem" @submit=${i=>{i.preventDefault();const o=$(this,"assign-sim");o&&this.act(()=>E("PATCH",`/api/v1/endpoint/${t.id}`,{sim:{id:Number(o)}}))}}>
              <sl-select id="assign-sim" label="Free SIM" size="small" required placeholder="Choose">${this.freeSims.map(i=>n`<sl-option value=${String(i.id)}>${i.iccid} · ${i.msisdn}</sl-option>`)}</sl-select>
              <sl-button type="submit" size="small" id="assign-sim-button">Assign the SIM</sl-button></form>`:""}`:D("No SIM","An administrator can assign one.")}</sl-card>
      </div>
      <div class="grid">${this.smsConsole()}${this.simulator()}</div>
      <cg-device-limits .deviceId=${t.id}></cg-device-limits>
      <sl-card><h2>Events</h2>${this.events.length===0?D("No events","Status changes, SIM assignments and SMS quota events appear here."):n`
        <table class="data"><thead><tr><th>When</th><th>Type</th><th class="wide">Description</th></tr></thead>
        <tbody>${this.events.map(i=>n`<tr><td>${H(i.timestamp)}</td><td>${i.event_type.description}</td><td class="wide">${i.description}</td></tr>`)}</tbody></table>`}
        <p class="muted"><a href="#/events">All events</a></p></sl-card>`}}customElements.define("cg-device",dl);class hl extends G{constructor(){super(...arguments),this.tokens=null,this.secret="",this.confirming=0}connectedCallback(){super.connectedCallback(),this.load()}async load(){try{this.tokens=await S("/api/v1/application_token")}catch(t){this.fail(t)}this.requestUpdate()}async create(t){t.preventDefault();const s={description:$(this,"token-description")},i=$(this,"token-expiry"),o=$(this,"token-ip");i&&(s.expiry_date=i),o&&(s.ip=o);try{const r=await S("/api/v1/application_token",{method:"POST",body:JSON.stringify(s)});this.secret=r.application_token,this.error="",this.querySelector("#new-token-form").reset()}catch(r){this.fail(r)}await this.load()}async revoke(t){if(this.confirming!==t.id){this.confirming=t.id,this.requestUpdate();return}this.confirming=0;try{await E("PATCH",`/api/v1/application_token/${t.id}`,{status:{id:1}})}catch(s){this.fail(s)}await this.load()}render(){const t=N();return n`<h1>Application tokens</h1>${this.errorBox()}
      <p class="muted">A script exchanges an application token for an auth token with <code>POST /api/v1/authenticate</code>. A token carries the role of the user who created it.</p>
      ${this.secret?n`<sl-alert variant="warning" open id="new-token-secret">
        <strong>Copy this token now. It is shown only once</strong>: Cellgate keeps only its hash and cannot show it again.
        <div class="row" style="margin-top:.5rem;align-items:center"><div class="secret" id="secret-value">${this.secret}</div>
          <sl-copy-button value=${this.secret} copy-label="Copy the token" success-label="Copied"></sl-copy-button></div>
        <sl-button size="small" style="margin-top:.5rem" @click=${()=>{this.secret="",this.requestUpdate()}}>I have stored it</sl-button></sl-alert>`:""}
      ${t?n`<sl-card style="margin:1rem 0"><form id="new-token-form" class="row" @submit=${this.create}>
        <sl-input id="token-description" label="Description" required placeholder="e.g. billing integration"></sl-input>
        <sl-input id="token-expiry" label="Expires (optional)" type="date"></sl-input>
        <sl-input id="token-ip" label="Allowed IP range (optional)" placeholder="10.0.0.0/8"></sl-input>
        <sl-button type="submit" variant="primary" id="create-token">Create token</sl-button></form></sl-card>`:""}
      ${this.tokens?this.tokens.length===0?D("No application tokens",t?"Create one above for each script or integration.":"An administrator can create them."):n`
      <table class="data" id="tokens"><thead><tr><th>ID</th><th>Description</th><th>Status</th><th class="wide">Created</th><th class="wide">Expires</th><th class="wide">Creator</th><th class="wide">IP range</th>${t?n`<th><span class="muted">Actions</span></th>`:""}</tr></thead>
      <tbody>${this.tokens.map(s=>n`<tr data-token-id=${s.id}><td>${s.id}</td><td>${s.description??"—"}</td><td>${kt(s.status)}</td>
        <td class="wide">${H(s.created)}</td><td class="wide">${s.expiry_date?H(s.expiry_date):"never"}</td><td class="wide">${s.creator?.username??"—"}</td><td class="wide">${s.ip??"any"}</td>
        ${t?n`<td>${s.status.id===0?n`<sl-button size="small" variant=${this.confirming===s.id?"danger":"default"} class="revoke" @click=${()=>this.revoke(s)}>${this.confirming===s.id?"Confirm revoke":"Revoke"}</sl-button>`:""}</td>`:""}</tr>`)}
      </tbody></table>`:n`<sl-spinner></sl-spinner>`}`}}customElements.define("cg-tokens",hl);class ro extends G{constructor(){super(...arguments),this.data=null,this.pageNo=1,this.filter="",this.perPage=50,this.sort="",this.liveWhen=null}connectedCallback(){super.connectedCallback();const t=this.liveWhen;t?this.live(s=>this.pageNo===1&&t(s),()=>this.load(),1e4,1e3):this.load()}criteria(){return this.filter?[`${this.filterField}:${this.filter}`]:[]}filters(){return n`<sl-input id="list-filter" label=${this.filterLabel} clearable></sl-input>`}readFilters(){this.filter=$(this,"list-filter")}async load(){const t=this.criteria(),s=t.length?`&q=${encodeURIComponent(t.join(","))}`:"",i=this.sort?`&sort=${this.sort}`:"";try{this.data=await ot(`${this.path}?page=${this.pageNo}&per_page=${this.perPage}${s}${i}`),this.error=""}catch(o){this.fail(o)}this.requestUpdate()}render(){const t=this.data;return n`<h1>${this.title}</h1>${this.errorBox()}
      <form class="toolbar" id="list-filters" @submit=${s=>{s.preventDefault(),this.readFilters(),this.pageNo=1,this.load()}}>
        ${this.filters()}<sl-button type="submit" id="apply-filters">Filter</sl-button></form>
      ${t?t.items.length===0?D(`No ${this.title.toLowerCase()}`,this.emptyText):n`
        <table class="data"><thead><tr>${this.head.map(s=>n`<th class=${s.startsWith("~")?"wide":""}>${s.replace("~","")}</th>`)}</tr></thead>
        <tbody>${t.items.map(s=>this.row(s))}</tbody></table>
        <div class="pager"><sl-button size="small" ?disabled=${t.page<=1} @click=${()=>{this.pageNo=t.page-1,this.load()}}>Previous</sl-button>
          <span>Page ${t.page} of ${t.pages} · ${t.total.toLocaleString()} in all</span>
          <sl-button size="small" ?disabled=${t.page>=t.pages} @click=${()=>{this.pageNo=t.page+1,this.load()}}>Next</sl-button></div>`:n`<sl-spinner></sl-spinner>`}`}}class ul extends ro{constructor(){super(...arguments),this.path="/api/v1/sim",this.title="SIMs",this.filterField="iccid",this.filterLabel="ICCID starts with",this.emptyText="SIMs come from the operator (POST /api/v1/admin/sim_batch) or a registered batch (PATCH /api/v1/sim_batch/bic/{bic}).",this.row=t=>n`<tr data-sim-id=${t.id}><td>${t.id}</td><td>${t.iccid}</td><td class="wide">${t.imsi}</td><td class="wide">${t.msisdn}</td><td>${kt(t.status,[1])}</td>
    <td>${t.endpoint?n`<a href="#/devices/${t.endpoint.id}">${t.endpoint.name}</a>`:"—"}</td>
    ${N()?n`<td>${t.status.id===1?n`<sl-button size="small" class="sim-suspend" @click=${()=>this.setStatus(t,2)}>Suspend</sl-button>`:[0,2,4].includes(t.status.id)?n`<sl-button size="small" class="sim-activate" @click=${()=>this.setStatus(t,1)}>Activate</sl-button>`:""}</td>`:""}</tr>`}get head(){return["ID","ICCID","~IMSI","~MSISDN","Status","Device",...N()?["Actions"]:[]]}async setStatus(t,s){try{await E("PATCH",`/api/v1/sim/${t.id}`,{status:{id:s}}),this.error=""}catch(i){this.fail(i)}await this.load()}}customElements.define("cg-sims",ul);const pl=[[42,"Endpoint enabled"],[43,"Endpoint disabled"],[1e3,"Endpoint created"],[1001,"Endpoint updated"],[1002,"Endpoint deleted"],[8,"SIM activation"],[9,"SIM suspension"],[51,"SIM assigned"],[50,"SIM released"],[48,"SIM registration"],[20,"SMS quota threshold reached"],[21,"SMS quota used up"],[58,"SMS quota assigned"],[1003,"Service profile created"],[1004,"Service profile updated"]];class fl extends ro{constructor(){super(...arguments),this.path="/api/v1/event",this.title="Events",this.filterField="endpoint",this.filterLabel="Device name (exact)",this.sort="-id",this.liveWhen=t=>t.kind==="device"||t.kind==="handset"||t.kind==="sms",this.head=["When","Type","Severity","Device","~Description"],this.emptyText="Events appear as devices, SIMs and profiles change. With filters set, clear them to see all.",this.type="",this.severity="",this.from="",this.until="",this.alertsOnly=!1,this.row=t=>n`<tr><td>${H(t.timestamp)}</td><td>${t.event_type.description}</td><td>${t.event_severity?.description??"—"}</td>
    <td>${t.endpoint?n`<a href="#/devices/${t.endpoint.id}">${t.endpoint.name}</a>`:"—"}</td><td class="wide">${t.description}</td></tr>`}criteria(){const t=super.criteria();return this.type&&t.push(`type:${this.type}`),this.severity&&t.push(`severity:${this.severity}`),this.alertsOnly&&t.push("alert:true"),this.from&&t.push(`from:${this.from}`),this.until&&t.push(`until:${this.until}`),t}readFilters(){super.readFilters(),this.type=$(this,"event-type"),this.severity=$(this,"event-severity"),this.from=$(this,"event-from"),this.until=$(this,"event-until"),this.alertsOnly=this.querySelector("#event-alert")?.checked??!1}filters(){return n`${super.filters()}
      <sl-select id="event-type" label="Type" clearable placeholder="Any">${pl.map(([t,s])=>n`<sl-option value=${String(t)}>${s}</sl-option>`)}</sl-select>
      <sl-select id="event-severity" label="Severity" clearable placeholder="Any"><sl-option value="0">Info</sl-option><sl-option value="1">Warn</sl-option><sl-option value="2">Critical</sl-option></sl-select>
      <sl-input id="event-from" label="From" type="date"></sl-input><sl-input id="event-until" label="Until" type="date"></sl-input>
      <sl-switch id="event-alert">Alerts only</sl-switch>`}}customElements.define("cg-events",fl);const cs=2,ds=3;class ml extends G{constructor(){super(...arguments),this.items=null,this.editing=null,this.creating=!1,this.callbacks=[],this.secrets=[],this.checked=t=>this.querySelector(`#${t}`)?.checked??!1}connectedCallback(){super.connectedCallback(),this.load()}async load(){try{[this.callbacks,this.secrets]=await Promise.all([S("/api/v1/api_callback"),S("/api/v1/api_secret")]);const t=await S("/api/v1/service_profile");this.items=await Promise.all(t.map(s=>t.length<=50?S(`/api/v1/service_profile/${s.id}`):s))}catch(t){this.fail(t)}this.requestUpdate()}async save(t){t.preventDefault();const s=this.editing;try{const i={name:$(this,"profile-name"),description:$(this,"profile-description"),sms_p2p_int:this.checked("profile-p2p-int"),sms_p2p_ext:this.checked("profile-p2p-ext"),apply_sms_quota:this.checked("profile-sms-quota"),apply_data_quota:this.checked("profile-data-quota")},o=$(this,"profile-interface");o&&(i.esme_interface_type={id:Number(o)});for(const[d,h]of[["api_callback","profile-callback"],["api_secret","profile-secret"]]){const u=$(this,h);u?i[d]={id:Number(u)}:s?.[d]&&(i[d]={id:null})}let r=s;if(s)await E("PATCH",`/api/v1/service_profile/${s.id}`,i);else{const d=await Ot("/api/v1/service_profile",i),h=d.body?.id??Number(d.location?.split("/").pop());r=await S(`/api/v1/service_profile/${h}`)}const a=d=>!!r?.service?.some(h=>h.id===d);for(const[d,h]of[[cs,this.checked("profile-sms-mt")],[ds,this.checked("profile-sms-mo")]])h!==a(d)&&await E(h?"PUT":"DELETE",`/api/v1/service_profile/${r.id}/service/${d}`);this.editing=null,this.creating=!1,this.error=""}catch(i){this.fail(i)}await this.load()}form(){const t=this.editing,s=i=>t?!!t.service?.some(o=>o.id===i):!0;return n`<sl-dialog label=${t?`Edit ${t.name}`:"New service profile"} ?open=${!!t||this.creating}
        @sl-after-hide=${i=>{i.target===i.currentTarget&&(this.editing=null,this.creating=!1,this.requestUpdate())}}>
      ${t||this.creating?n`<form id="profile-form" @submit=${this.save} style="display:grid;gap:.8rem">
        <sl-input id="profile-name" label="Name" required maxlength="200" .value=${t?.name??""}></sl-input>
        <sl-input id="profile-description" label="Description" .value=${t?.description??""}></sl-input>
        <sl-select id="profile-interface" label="SMS interface" clearable placeholder="Not set" .value=${String(t?.esme_interface_type?.id??"")}>
          <sl-option value="1">REST API</sl-option><sl-option value="2">SMPP</sl-option></sl-select>
        <fieldset class="plain"><legend class="muted">SMS</legend>
          <sl-switch id="profile-sms-mt" ?checked=${s(cs)}>MT (to devices)</sl-switch>
          <sl-switch id="profile-sms-mo" ?checked=${s(ds)}>MO (from devices)</sl-switch>
          <sl-switch id="profile-p2p-int" ?checked=${t?.sms_p2p_int??!1}>Device to device</sl-switch>
          <sl-switch id="profile-p2p-ext" ?checked=${t?.sms_p2p_ext??!1}>To external numbers</sl-switch>
          <sl-switch id="profile-sms-quota" ?checked=${t?.apply_sms_quota??!1}>Apply SMS quota</sl-switch>
          <sl-switch id="profile-data-quota" ?checked=${t?.apply_data_quota??!1}>Apply data quota</sl-switch></fieldset>
        <sl-select id="profile-callback" label="API callback (SMS events are sent here)" clearable placeholder="None" .value=${String(t?.api_callback?.id??"")}>
          ${this.callbacks.map(i=>n`<sl-option value=${String(i.id)}>${i.url}${i.purpose?` · ${i.purpose}`:""}</sl-option>`)}</sl-select>
        <sl-select id="profile-secret" label="API secret (signs them)" clearable placeholder="None: sent unsigned" .value=${String(t?.api_secret?.id??"")}>
          ${this.secrets.map(i=>n`<sl-option value=${String(i.id)}>#${i.id}${i.purpose?` · ${i.purpose}`:""}</sl-option>`)}</sl-select>
        <p class="muted">${this.callbacks.length||this.secrets.length?"":"No API callbacks or secrets yet: "}<a href="#/integrations">Manage API callbacks and secrets</a>.</p>
        <sl-button type="submit" variant="primary" id="save-profile">${t?"Save":"Create"}</sl-button></form>`:""}</sl-dialog>`}render(){const t=N();return n`<h1>Service profiles</h1>${this.errorBox()}
      ${t?n`<div class="toolbar"><sl-button variant="primary" id="new-profile" @click=${()=>{this.creating=!0,this.requestUpdate()}}>New service profile</sl-button></div>`:""}
      ${this.items?this.items.length===0?D("No service profiles",t?'Create one with "New service profile".':"An administrator can create them."):n`
      <table class="data" id="profiles"><thead><tr><th>ID</th><th>Name</th><th class="wide">Description</th><th>SMS interface</th><th>SMS</th><th class="wide">API callback</th><th class="wide">SMS quota</th>${t?n`<th><span class="muted">Actions</span></th>`:""}</tr></thead>
      <tbody>${this.items.map(s=>n`<tr data-profile-id=${s.id}><td>${s.id}</td><td>${s.name}</td><td class="wide">${s.description??"—"}</td><td>${s.esme_interface_type?.description??"—"}</td>
        <td>${[s.service?.some(i=>i.id===cs)?"MT":"",s.service?.some(i=>i.id===ds)?"MO":"",s.sms_p2p_int?"P2P":""].filter(Boolean).join(", ")||"none"}</td>
        <td class="wide url">${s.api_callback?this.callbacks.find(i=>i.id===s.api_callback.id)?.url??`#${s.api_callback.id}`:"—"}${s.api_secret?n` <span class="muted">(signed)</span>`:""}</td><td class="wide">${s.apply_sms_quota?"applied":"off"}</td>
        ${t?n`<td><sl-button size="small" class="edit-profile" @click=${()=>{this.editing=s,this.requestUpdate()}}>Edit</sl-button></td>`:""}</tr>`)}</tbody></table>`:n`<sl-spinner></sl-spinner>`}
      ${this.form()}`}}customElements.define("cg-profiles",ml);class bl extends G{constructor(){super(...arguments),this.items=null}connectedCallback(){super.connectedCallback(),this.load()}async load(){try{this.items=(await ot("/api/v1/user?per_page=100")).items}catch(t){this.fail(t)}this.requestUpdate()}async invite(t){t.preventDefault();const s=this.querySelector("#user-password").value;try{await E("POST","/api/v1/user",{username:$(this,"user-username"),name:$(this,"user-name"),password:await _e(s),roles:[{id:Number($(this,"user-role"))}]}),this.querySelector("#new-user-form").reset(),this.error=""}catch(i){this.fail(i)}await this.load()}async setRole(t,s){try{await E("PUT",`/api/v1/user/${t.id}/role/${s}`)}catch(i){this.fail(i)}await this.load()}async setStatus(t,s){try{await E("PATCH",`/api/v1/user/${t.id}`,{status:{id:s}})}catch(i){this.fail(i)}await this.load()}render(){const t=N();return n`<h1>Users</h1>${this.errorBox()}
      ${t?n`<sl-card style="margin-bottom:1rem"><h2>Add a user</h2><form id="new-user-form" class="row" @submit=${this.invite}>
        <sl-input id="user-username" label="E-mail" type="email" required></sl-input><sl-input id="user-name" label="Name" required></sl-input>
        <sl-input id="user-password" label="Initial password" type="password" required password-toggle></sl-input>
        <sl-select id="user-role" label="Role" value="2"><sl-option value="1">Administrator</sl-option><sl-option value="2">Observer</sl-option></sl-select>
        <sl-button type="submit" variant="primary" id="create-user">Add user</sl-button></form></sl-card>`:""}
      ${this.items?this.items.length===0?D("No users","Add one above."):n`
      <table class="data"><thead><tr><th>ID</th><th>Username</th><th class="wide">Name</th><th>Role</th><th>Status</th>${t?n`<th><span class="muted">Actions</span></th>`:""}</tr></thead>
      <tbody>${this.items.map(s=>n`<tr><td>${s.id}</td><td>${s.username}</td><td class="wide">${s.name??"—"}</td><td>${t?n`<sl-select size="small" label="Role of ${s.username}" class="user-role" .value=${String(s.roles?.[0]?.id??"")} @sl-change=${i=>this.setRole(s,i.target.value)}>
          <sl-option value="1">Administrator</sl-option><sl-option value="2">Observer</sl-option></sl-select>`:s.roles?.map(i=>i.description).join(", ")??"—"}</td><td>${kt(s.status,[1])}</td>
        ${t?n`<td>${s.status.id===2?n`<sl-button size="small" @click=${()=>this.setStatus(s,1)}>Reactivate</sl-button>`:n`<sl-button size="small" @click=${()=>this.setStatus(s,2)}>Suspend</sl-button>`}</td>`:""}</tr>`)}</tbody></table>`:n`<sl-spinner></sl-spinner>`}`}}customElements.define("cg-users",bl);class gl extends G{constructor(){super(...arguments),this.items=null}connectedCallback(){super.connectedCallback(),this.load()}async load(){try{this.items=(await ot("/api/v1/organisation?per_page=100")).items}catch(t){this.fail(t)}this.requestUpdate()}async create(t){t.preventDefault();const s=this.querySelector("#org-password").value;try{await E("POST","/api/v1/organisation",{name:$(this,"org-name"),admin:{username:$(this,"org-admin"),name:$(this,"org-admin-name"),password:await _e(s)}}),this.querySelector("#new-org-form").reset(),this.error=""}catch(i){this.fail(i)}await this.load()}async rename(t){const s=$(this,`org-name-${t.id}`);if(!(!s||s===t.name)){try{await E("PATCH",`/api/v1/organisation/${t.id}`,{name:s}),this.error=""}catch(i){this.fail(i)}await this.load()}}async setStatus(t,s){try{await E("PATCH",`/api/v1/organisation/${t.id}`,{status:{id:s}}),this.error=""}catch(i){this.fail(i)}await this.load()}render(){const t=N();return n`<h1>Organisations</h1>${this.errorBox()}
      ${N()?n`<sl-card style="margin-bottom:1rem"><h2>New customer organisation</h2><p class="muted">Only the operator's (master organisation's) administrators may; others get 403.</p>
        <form id="new-org-form" class="row" @submit=${this.create}>
        <sl-input id="org-name" label="Name" required></sl-input><sl-input id="org-admin" label="Admin e-mail" type="email" required></sl-input>
        <sl-input id="org-admin-name" label="Admin name" required></sl-input><sl-input id="org-password" label="Admin password" type="password" required password-toggle></sl-input>
        <sl-button type="submit" variant="primary" id="create-org">Create</sl-button></form></sl-card>`:""}
      ${this.items?this.items.length===0?D("No organisations","The operator creates customer organisations with POST /api/v1/organisation."):n`
      <table class="data" id="organisations"><thead><tr><th>ID</th><th>Name</th><th>Type</th><th>Status</th><th class="wide">Created</th>${t?n`<th><span class="muted">Actions</span></th>`:""}</tr></thead>
      <tbody>${this.items.map(s=>{const i=s.id!==Ft()?.orgId;return n`<tr data-org-id=${s.id}><td>${s.id}</td><td>${t&&i?n`<form class="row" @submit=${o=>{o.preventDefault(),this.rename(s)}}>
            <sl-input size="small" id="org-name-${s.id}" class="sr-label" label="Name of organisation ${s.id}" value=${s.name}></sl-input><sl-button size="small" type="submit">Rename</sl-button></form>`:s.name}</td>
          <td>${s.organisation_type?.description??"—"}</td><td>${kt(s.status,[1])}</td><td class="wide">${H(s.created)}</td>
          ${t?n`<td>${i?s.status?.id===2?n`<sl-button size="small" class="org-reactivate" @click=${()=>this.setStatus(s,1)}>Reactivate</sl-button>`:n`<sl-button size="small" class="org-suspend" @click=${()=>this.setStatus(s,2)}>Suspend</sl-button>`:n`<span class="muted">your organisation</span>`}</td>`:""}</tr>`})}</tbody></table>`:n`<sl-spinner></sl-spinner>`}`}}customElements.define("cg-organisations",gl);class vl extends G{constructor(){super(...arguments),this.me=null,this.org=null,this.done=!1}connectedCallback(){super.connectedCallback();const t=Ft();Promise.all([t?.userId?S(`/api/v1/user/${t.userId}`):Promise.resolve(null),S("/api/v1/organisation/my")]).then(([s,i])=>{this.me=s,this.org=i,this.requestUpdate()},s=>this.fail(s))}async change(t){t.preventDefault();const s=i=>this.querySelector(`#${i}`).value;if(s("new-password")!==s("new-password-again")){this.fail(new Error("The new passwords differ."));return}try{await E("PATCH","/api/v1/user/password",{old_password:await _e(s("old-password")),new_password:await _e(s("new-password"))}),this.done=!0,this.error="",this.querySelector("#password-form").reset()}catch(i){this.fail(i)}this.requestUpdate()}render(){const t=Ft();return n`<h1>My account</h1>${this.errorBox()}
      <div class="grid">
        <sl-card><h2>You</h2><dl class="props"><dt>Username</dt><dd>${t?.username}</dd><dt>Name</dt><dd>${this.me?.name??"—"}</dd>
          <dt>Role</dt><dd>${t?.role}</dd><dt>Status</dt><dd>${kt(this.me?.status,[1])}</dd><dt>Since</dt><dd>${H(this.me?.created)}</dd></dl></sl-card>
        <sl-card><h2>Organisation</h2><dl class="props"><dt>Name</dt><dd>${this.org?.name??t?.orgName}</dd><dt>ID</dt><dd>${t?.orgId}</dd>
          <dt>Type</dt><dd>${this.org?.organisation_type?.description??"—"}</dd><dt>Status</dt><dd>${kt(this.org?.status,[1])}</dd></dl></sl-card>
        <sl-card><h2>Change password</h2>
          ${this.done?n`<sl-alert variant="success" open>Password changed. Your other sessions end when their tokens expire; refresh tokens were revoked.</sl-alert>`:""}
          <form id="password-form" @submit=${this.change} style="display:grid;gap:.8rem">
            <sl-input id="old-password" type="password" label="Current password" autocomplete="current-password" required password-toggle></sl-input>
            <sl-input id="new-password" type="password" label="New password" autocomplete="new-password" required password-toggle></sl-input>
            <sl-input id="new-password-again" type="password" label="New password again" autocomplete="new-password" required password-toggle></sl-input>
            <sl-button type="submit" variant="primary" id="change-password">Change password</sl-button></form></sl-card>
      </div>`}}customElements.define("cg-account",vl);class yl extends G{constructor(){super(...arguments),this.items=null,this.editing=null,this.confirming=0}connectedCallback(){super.connectedCallback(),this.load()}async load(){try{this.items=await S("/api/v1/tariff_profile")}catch(t){this.fail(t)}this.requestUpdate()}async act(t){try{await t(),this.error=""}catch(s){this.fail(s)}await this.load()}body(t){const s={name:$(this,`${t}-name`),description:$(this,`${t}-description`)},i=$(this,`${t}-tariff`);return i&&(s.tariff={id:Number(i)}),s}create(t){t.preventDefault();const s=t.target;return this.act(async()=>{await Ot("/api/v1/tariff_profile",this.body("tariff")),s.reset()})}save(t){t.preventDefault();const s=this.editing;return this.act(async()=>{await E("PATCH",`/api/v1/tariff_profile/${s.id}`,this.body("edit-tariff")),this.editing=null})}deleteItem(t){if(this.confirming!==t.id){this.confirming=t.id,this.requestUpdate();return}return this.confirming=0,this.act(()=>E("DELETE",`/api/v1/tariff_profile/${t.id}`))}render(){const t=N(),s=this.editing;return n`<h1>Tariff profiles</h1>${this.errorBox()}
      <p class="muted">Every device names a tariff profile. Cellgate has no rating: the tariff id is kept as given.</p>
      ${t?n`<sl-card style="margin-bottom:1rem"><h2>New tariff profile</h2><form id="new-tariff-form" class="row" @submit=${this.create}>
        <sl-input id="tariff-name" label="Name" required maxlength="200"></sl-input><sl-input id="tariff-description" label="Description (optional)" maxlength="1000"></sl-input>
        <sl-input id="tariff-tariff" label="Tariff id (optional)" type="number" min="1"></sl-input>
        <sl-button type="submit" variant="primary" id="create-tariff">Create</sl-button></form></sl-card>`:""}
      ${this.items?this.items.length===0?D("No tariff profiles",t?"Create one above: a device needs one.":"An administrator can create them."):n`
      <table class="data" id="tariffs"><thead><tr><th>ID</th><th>Name</th><th class="wide">Description</th><th class="wide">Tariff</th><th>Devices</th>${t?n`<th><span class="muted">Actions</span></th>`:""}</tr></thead>
      <tbody>${this.items.map(i=>n`<tr data-tariff-id=${i.id}><td>${i.id}</td><td>${i.name}</td><td class="wide">${i.description||"—"}</td><td class="wide">${i.tariff?`#${i.tariff.id}`:"—"}</td><td>${i.used_count}</td>
        ${t?n`<td class="row"><sl-button size="small" class="edit-tariff" @click=${()=>{this.editing=i,this.requestUpdate()}}>Edit</sl-button>
          <sl-button size="small" class="delete-tariff" variant=${this.confirming===i.id?"danger":"default"} @click=${()=>this.deleteItem(i)}>${this.confirming===i.id?"Confirm delete":"Delete"}</sl-button></td>`:""}</tr>`)}</tbody></table>`:n`<sl-spinner></sl-spinner>`}
      <sl-dialog label=${s?`Edit ${s.name}`:"Edit"} ?open=${!!s} @sl-after-hide=${i=>{i.target===i.currentTarget&&(this.editing=null,this.requestUpdate())}}>
        ${s?n`<form id="edit-tariff-form" @submit=${this.save} style="display:grid;gap:.8rem">
          <sl-input id="edit-tariff-name" label="Name" required maxlength="200" .value=${s.name}></sl-input>
          <sl-input id="edit-tariff-description" label="Description" maxlength="1000" .value=${s.description??""}></sl-input>
          <sl-input id="edit-tariff-tariff" label="Tariff id (optional)" type="number" min="1" .value=${s.tariff?String(s.tariff.id):""}></sl-input>
          <sl-button type="submit" variant="primary" id="save-tariff">Save</sl-button></form>`:""}</sl-dialog>`}}customElements.define("cg-tariffs",yl);const Si=[{path:/^\/?$/,title:"Dashboard",nav:"Dashboard",href:"/",render:()=>n`<cg-dashboard></cg-dashboard>`},{path:/^\/devices$/,title:"Devices",nav:"Devices",href:"/devices",render:()=>n`<cg-devices></cg-devices>`},{path:/^\/devices\/(\d+)$/,title:"Device",render:e=>n`<cg-device .deviceId=${Number(e[1])}></cg-device>`},{path:/^\/sims$/,title:"SIMs",nav:"SIMs",href:"/sims",render:()=>n`<cg-sims></cg-sims>`},{path:/^\/profiles$/,title:"Service profiles",nav:"Service profiles",href:"/profiles",render:()=>n`<cg-profiles></cg-profiles>`},{path:/^\/tariff-profiles$/,title:"Tariff profiles",nav:"Tariff profiles",href:"/tariff-profiles",render:()=>n`<cg-tariffs></cg-tariffs>`},{path:/^\/events$/,title:"Events",nav:"Events",href:"/events",render:()=>n`<cg-events></cg-events>`},{path:/^\/webhooks$/,title:"Webhooks",nav:"Webhooks",href:"/webhooks",render:()=>n`<cg-webhooks></cg-webhooks>`},{path:/^\/integrations$/,title:"Integrations",nav:"Integrations",href:"/integrations",render:()=>n`<cg-integrations></cg-integrations>`},{path:/^\/tokens$/,title:"Application tokens",nav:"Application tokens",href:"/tokens",render:()=>n`<cg-tokens></cg-tokens>`},{path:/^\/users$/,title:"Users",nav:"Users",href:"/users",render:()=>n`<cg-users></cg-users>`},{path:/^\/account$/,title:"My account",render:()=>n`<cg-account></cg-account>`},{path:/^\/organisations$/,title:"Organisations",nav:"Organisations",href:"/organisations",render:()=>n`<cg-organisations></cg-organisations>`}],wl=()=>location.hash.replace(/^#/,"").split("?")[0]||"/";class _l extends G{connectedCallback(){super.connectedCallback(),window.addEventListener("hashchange",()=>this.requestUpdate()),Ia(()=>{Ft()?wi():_i(),this.requestUpdate()}),Ma(()=>this.requestUpdate()),Ft()&&wi()}render(){const t=Ft();if(!t)return document.title="Sign in · Cellgate",n`<cg-login></cg-login>`;const s=wl(),i=Si.find(o=>o.path.test(s));return document.title=`${i?.title??"Not found"} · Cellgate`,n`
      <a class="skip" href="#main" @click=${o=>{o.preventDefault(),document.getElementById("main")?.focus()}}>Skip to content</a>
      <header class="top">
        <a class="brand" href="#/">Cellgate</a>
        <span class="who"><span class="org">${t.orgName}</span> · <a href="#/account" class="account">${t.username}</a> · <span class="role">${t.role}</span></span>
        <span id="live-state" class="live-state" data-state=${fe()} role="status"
          title=${fe()==="live"?"Screens update as things change (Server-Sent Events)":"Screens are refreshed every few seconds"}>${fe()==="live"?"Live":fe()==="polling"?"Polling":"Connecting"}</span>
        <sl-button size="small" id="sign-out" @click=${()=>{_i(),Na(),location.hash="#/"}}>Sign out</sl-button>
      </header>
      <div class="shell">
        <nav aria-label="Main">
          <ul>${Si.filter(o=>o.nav).map(o=>{const r=i===o||o.nav==="Devices"&&i?.title==="Device";return n`<li><a href="#${o.href}" aria-current=${r?"page":L}>${o.nav}</a></li>`})}
          <li><a href="/api/doc" target="_blank" rel="noopener">API reference</a></li></ul>
        </nav>
        <main id="main" tabindex="-1">${i?Po(s,i.render(s.match(i.path))):n`<h1>Not found</h1><p><a href="#/">Back to the dashboard</a></p>`}</main>
      </div>`}}customElements.define("cg-app",_l);
