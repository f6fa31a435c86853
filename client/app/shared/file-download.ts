import { DOCUMENT } from '@angular/common';
import { Injectable, inject } from '@angular/core';

/** Saves data as a file through the browser's download. A service, so tests can see what was saved. */
@Injectable({ providedIn: 'root' })
export class FileDownload {
  private readonly document = inject(DOCUMENT);

  save(data: Blob, fileName: string): void {
    const url = URL.createObjectURL(data);
    const link = this.document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.rel = 'noopener';
    this.document.body.appendChild(link);
    link.click();
    link.remove();
    // The click has handed the blob to the download; the object URL only holds memory from here on.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
