import { ChangeDetectionStrategy, Component } from '@angular/core';
import { CsvImportComponent } from './csv-import.component';
import { FhirImportComponent } from './fhir-import.component';

/**
 * Import page (issue #15): patients and scores from a CSV file (mapping, dry run, progress, summary)
 * or a FHIR Bundle. Care managers import onto their caseload; admins for the clinic (API: import:write).
 */
@Component({
  selector: 'hd-import-page',
  imports: [CsvImportComponent, FhirImportComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Import</h1>
    <p class="intro">
      Load patients and scores from another system. Every file is checked row by row; a file with any error writes
      nothing, and importing the same file again changes nothing.
    </p>
    <section class="panel" aria-labelledby="csv-title">
      <h2 id="csv-title">CSV file</h2>
      <hd-csv-import />
    </section>
    <section class="panel" aria-labelledby="fhir-title">
      <h2 id="fhir-title">FHIR Bundle</h2>
      <p class="intro">
        A batch or transaction Bundle of Patients with QuestionnaireResponses or Observations (PHQ-9, GAD-7 …).
      </p>
      <hd-fhir-import />
    </section>
  `,
  styles: `
    h1 {
      margin: 0 0 8px;
    }
    .intro {
      margin: 0 0 16px;
      color: var(--mat-sys-on-surface-variant);
    }
    .panel {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
      padding: 16px;
      margin-bottom: 24px;
      background: var(--mat-sys-surface);
    }
    h2 {
      margin: 0 0 12px;
      font: var(--mat-sys-title-large);
    }
  `,
})
export class ImportPage {}
